package xecm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode"
)

// EventsService works with the event model shared with the webhook package,
// and is the audit-polling event source (Watch).
//
// Extended ECM publishes no outbound webhook format, so this SDK defines one
// on the Standard Webhooks specification: an Event travels as the JSON body
// {"type","timestamp","data"} and its ID as the webhook-id header. The same
// events come from two sources: pushed, through a webhook.Handler receiving
// signed callbacks, and pulled, through Watch reading audit trails.
type EventsService service

// EventType is the dotted type of an event, such as "document.created".
// Types this SDK does not know are kept as they are.
type EventType string

// Event types. Audit entries map to them as EventTypeForAudit says.
const (
	EventNodeCreated        EventType = "node.created"            // a folder or other non-document item was created
	EventDocumentCreated    EventType = "document.created"        // a document was created (uploaded or copied)
	EventWorkspaceCreated   EventType = "workspace.created"       // a business workspace was created
	EventVersionAdded       EventType = "version.added"           // a document got a new version
	EventDocumentApproved   EventType = "document.approved"       // a workflow gave final approval to the document
	EventDocumentRejected   EventType = "document.rejected"       // a workflow rejected the document
	EventDocumentOpened     EventType = "document.opened"         // a version was opened (downloaded)
	EventMetadataChanged    EventType = "metadata.changed"        // category attribute values changed
	EventRetentionChanged   EventType = "retention.changed"       // RM classification or record details changed
	EventHoldApplied        EventType = "hold.applied"            // a legal or retention hold was applied
	EventHoldRemoved        EventType = "hold.removed"            // a hold was removed
	EventNodeDeleted        EventType = "node.deleted"            // the node was deleted
	EventNodeMoved          EventType = "node.moved"              // the node moved to another parent
	EventNodeCopied         EventType = "node.copied"             // the node was copied (the event is on the source)
	EventNodeRenamed        EventType = "node.renamed"            // the node was renamed
	EventNodeReserved       EventType = "node.reserved"           // the node was reserved (checked out)
	EventNodeUnreserved     EventType = "node.unreserved"         // the reservation was released
	EventPermissionsChanged EventType = "permissions.changed"     // the node's permissions changed
	EventWorkflowInitiated  EventType = "workflow.initiated"      // a workflow started with the node attached
	EventWorkflowTaskDone   EventType = "workflow.task_completed" // a workflow step on the node was completed
)

// Event is one thing that happened to a node.
type Event struct {
	// ID identifies the event uniquely and stays the same on every delivery,
	// so receivers can drop duplicates. It travels as the webhook-id header,
	// not in the JSON body. Events from audit trails get deterministic IDs
	// (AuditEventID), stable across restarts of the watcher.
	ID string
	// Type is the dotted event type.
	Type EventType
	// Time is when the event happened (not when it was delivered).
	Time time.Time
	// Data says what the event concerns.
	Data EventData
	// RawData is the "data" object as received, so that members this SDK
	// does not know are kept; nil for events built locally. When the event
	// is encoded again, members of RawData that Data does not set are kept.
	RawData json.RawMessage
}

// EventData is the "data" object of an event: the node concerned and its
// context. Zero fields are unknown or do not apply.
type EventData struct {
	NodeID   int64  `json:"node_id"`
	ParentID int64  `json:"parent_id,omitempty"`
	Name     string `json:"name,omitempty"`
	// Subtype is the node's type (TypeDocument, TypeBusinessWorkspace...).
	Subtype int `json:"subtype"`
	// Version is the version number concerned, for version events; 0 when
	// the source cannot tell (Watch names it from the versions' creation
	// times, and leaves it 0 where deleted versions make that ambiguous).
	Version int `json:"version,omitempty"`
	// UserID is who did it.
	UserID int64 `json:"user_id,omitempty"`
	// WorkspaceID is the business workspace the node belongs to.
	WorkspaceID int64 `json:"workspace_id,omitempty"`
	// CategoryID is the category whose values changed (metadata.changed).
	CategoryID int64 `json:"category_id,omitempty"`
	// ClassificationID is the RM classification applied (retention.changed).
	ClassificationID int64 `json:"classification_id,omitempty"`
	// HoldID is the hold applied or removed.
	HoldID int64 `json:"hold_id,omitempty"`
	// WorkflowID is the workflow process, for workflow and approval events.
	WorkflowID int64 `json:"workflow_id,omitempty"`
	// AuditType and AuditName are the audit entry the event came from.
	AuditType int    `json:"audit_type,omitempty"`
	AuditName string `json:"audit_name,omitempty"`
}

// UnmarshalJSON reads the data object, tolerating IDs written as strings.
func (d *EventData) UnmarshalJSON(b []byte) error {
	type plain EventData
	var aux struct {
		*plain
		NodeID           flexInt64 `json:"node_id"`
		ParentID         flexInt64 `json:"parent_id"`
		Subtype          flexInt64 `json:"subtype"`
		Version          flexInt64 `json:"version"`
		UserID           flexInt64 `json:"user_id"`
		WorkspaceID      flexInt64 `json:"workspace_id"`
		CategoryID       flexInt64 `json:"category_id"`
		ClassificationID flexInt64 `json:"classification_id"`
		HoldID           flexInt64 `json:"hold_id"`
		WorkflowID       flexInt64 `json:"workflow_id"`
		AuditType        flexInt64 `json:"audit_type"`
	}
	aux.plain = (*plain)(d)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	d.NodeID, d.ParentID, d.Subtype, d.Version = int64(aux.NodeID), int64(aux.ParentID), int(aux.Subtype), int(aux.Version)
	d.UserID, d.WorkspaceID, d.CategoryID = int64(aux.UserID), int64(aux.WorkspaceID), int64(aux.CategoryID)
	d.ClassificationID, d.HoldID, d.WorkflowID = int64(aux.ClassificationID), int64(aux.HoldID), int64(aux.WorkflowID)
	d.AuditType = int(aux.AuditType)
	return nil
}

// ErrInvalidEvent is wrapped by ParseEvent's errors: the body is not an
// event envelope with a type.
var ErrInvalidEvent = errors.New("xecm: invalid event")

// maxEventTypeLength bounds the "type" of a parsed event.
const maxEventTypeLength = 256

// ParseEvent decodes the JSON envelope {"type","timestamp","data"} of an
// event. The type is required; the timestamp (RFC 3339) and data are
// optional. The ID is not in the body: set it from the delivery (the
// webhook package does). Errors wrap ErrInvalidEvent.
func ParseEvent(body []byte) (Event, error) {
	var env struct {
		Type      *string         `json:"type"`
		Timestamp *string         `json:"timestamp"`
		Data      json.RawMessage `json:"data"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return Event{}, fmt.Errorf("%w: body is not a JSON object", ErrInvalidEvent)
	}
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrInvalidEvent, err)
	}
	if env.Type == nil || *env.Type == "" {
		return Event{}, fmt.Errorf("%w: no type", ErrInvalidEvent)
	}
	if err := checkEventType(*env.Type); err != nil {
		return Event{}, err
	}
	ev := Event{Type: EventType(*env.Type)}
	if env.Timestamp != nil && *env.Timestamp != "" {
		t, err := time.Parse(time.RFC3339Nano, *env.Timestamp)
		if err != nil {
			return Event{}, fmt.Errorf("%w: timestamp %q is not RFC 3339", ErrInvalidEvent, *env.Timestamp)
		}
		ev.Time = t
	}
	data := bytes.TrimSpace(env.Data)
	switch {
	case len(data) == 0 || bytes.Equal(data, []byte("null")):
	case data[0] != '{':
		return Event{}, fmt.Errorf("%w: data is not an object", ErrInvalidEvent)
	default:
		if err := json.Unmarshal(data, &ev.Data); err != nil {
			return Event{}, fmt.Errorf("%w: data: %v", ErrInvalidEvent, err)
		}
		ev.RawData = append(json.RawMessage(nil), data...)
	}
	return ev, nil
}

func checkEventType(t string) error {
	if len(t) > maxEventTypeLength {
		return fmt.Errorf("%w: type is longer than %d bytes", ErrInvalidEvent, maxEventTypeLength)
	}
	for _, r := range t {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar {
			return fmt.Errorf("%w: type %q has a space or control character", ErrInvalidEvent, t)
		}
	}
	return nil
}

// MarshalJSON encodes the envelope {"type","timestamp","data"}. The ID is
// not part of it (it travels as the webhook-id header).
func (e Event) MarshalJSON() ([]byte, error) {
	data, err := e.dataJSON()
	if err != nil {
		return nil, err
	}
	env := struct {
		Type      EventType       `json:"type"`
		Timestamp string          `json:"timestamp,omitempty"`
		Data      json.RawMessage `json:"data"`
	}{Type: e.Type, Data: data}
	if !e.Time.IsZero() {
		env.Timestamp = e.Time.UTC().Format(time.RFC3339Nano)
	}
	return json.Marshal(env)
}

// UnmarshalJSON decodes the envelope as ParseEvent does.
func (e *Event) UnmarshalJSON(b []byte) error {
	ev, err := ParseEvent(b)
	if err != nil {
		return err
	}
	*e = ev
	return nil
}

// dataJSON encodes Data, keeping the members of RawData it does not set.
func (e Event) dataJSON() (json.RawMessage, error) {
	typed, err := json.Marshal(e.Data)
	if err != nil || len(e.RawData) == 0 {
		return typed, err
	}
	var raw, set map[string]json.RawMessage
	if err := json.Unmarshal(e.RawData, &raw); err != nil {
		return nil, fmt.Errorf("%w: RawData is not a JSON object: %w", ErrInvalidEvent, err)
	}
	if len(raw) == 0 {
		return typed, nil
	}
	if err := json.Unmarshal(typed, &set); err != nil {
		return nil, err
	}
	for k, v := range set {
		raw[k] = v
	}
	return json.Marshal(raw)
}

// DecodeData decodes the event's data object into v, for event types whose
// data carries members beyond EventData (such as custom events relayed
// through the same endpoint).
func (e Event) DecodeData(v any) error {
	b, err := e.dataJSON()
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
