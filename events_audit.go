package xecm

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// vendorAuditNames are the audit event names of the vendor's recorded
// answers (reference §8: OpenText's Smart UI mock data and pyxecm's
// docstrings), in lower case, with the vendor's ID of each.
var vendorAuditNames = map[string]int{
	"create":                  AuditCreate,
	"create from copy":        AuditCreateFromCopy,
	"copy":                    AuditCopy,
	"rename":                  AuditRename,
	"reserve":                 AuditReserve,
	"unreserve":               AuditUnreserve,
	"shortcut created":        AuditShortcutCreated,
	"permission changed":      AuditPermissionChanged,
	"attribute value changed": AuditAttributeChanged,
	"version added":           AuditVersionAdded,
	"version opened":          AuditVersionOpened,
	"generation created":      AuditGenerationCreated,
	"classification applied":  AuditClassificationSet,
	"xml import":              AuditXMLImport,
}

// vendorAuditEvents maps the vendor's audit event IDs to event types.
// Create (and Create from Copy) depend on the node's subtype: see
// AuditEventTypes.EventType. Deletions, moves, holds and workflow steps
// are not here: no recorded answer of a real server shows their names or
// IDs (Watch infers deletions from trails that can no longer be read).
var vendorAuditEvents = map[int]EventType{
	AuditCopy:              EventNodeCopied,
	AuditRename:            EventNodeRenamed,
	AuditReserve:           EventNodeReserved,
	AuditUnreserve:         EventNodeUnreserved,
	AuditPermissionChanged: EventPermissionsChanged,
	AuditAttributeChanged:  EventMetadataChanged,
	AuditVersionAdded:      EventVersionAdded,
	AuditVersionOpened:     EventDocumentOpened,
	AuditClassificationSet: EventRetentionChanged,
}

// vendorAuditKind returns the vendor's ID of an audit entry's event type:
// the one its name designates (the server's own numbering may differ from
// the recorded answers, its names are what identify the event), or, for
// an entry without a name, its ID where the vendor's answers show that
// ID. It returns 0 when neither says.
func vendorAuditKind(name string, auditType int) int {
	if name = strings.TrimSpace(name); name != "" {
		return vendorAuditNames[strings.ToLower(name)]
	}
	if _, ok := vendorAuditEvents[auditType]; ok || auditType == AuditCreate || auditType == AuditCreateFromCopy {
		return auditType
	}
	return 0
}

// AuditEventTypes maps audit event names (an entry's audit_name, as the
// trail's table of event types lists them) to event types, for the
// entries that the vendor's names do not cover: names your own event
// scripts write, names in another language, or the simulator's invented
// ones (xecmtest.InventedAuditEventTypes). Names compare
// case-insensitively and win over the vendor's. The nil map holds none:
// only the vendor's names map.
type AuditEventTypes map[string]EventType

// lookup returns the event type m gives name.
func (m AuditEventTypes) lookup(name string) (EventType, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	if t, ok := m[name]; ok {
		return t, true
	}
	for k, t := range m {
		if strings.EqualFold(strings.TrimSpace(k), name) {
			return t, true
		}
	}
	return "", false
}

// EventType returns the event type of an audit entry named name, of type
// ID auditType, on a node of the given subtype (-1 if unknown). Names in m
// come first, then the vendor's names; an entry without a name maps by the
// vendor's ID. A Create (or Create from Copy) is document.created on a
// document, workspace.created on a business workspace and node.created on
// anything else. Entries without a mapping become "audit.<id>", so no entry
// is dropped.
func (m AuditEventTypes) EventType(name string, auditType, subtype int) EventType {
	if t, ok := m.lookup(name); ok {
		return t
	}
	switch kind := vendorAuditKind(name, auditType); kind {
	case AuditCreate, AuditCreateFromCopy:
		switch subtype {
		case TypeDocument:
			return EventDocumentCreated
		case TypeBusinessWorkspace:
			return EventWorkspaceCreated
		}
		return EventNodeCreated
	default:
		if t, ok := vendorAuditEvents[kind]; ok {
			return t
		}
	}
	return EventType("audit." + strconv.Itoa(auditType))
}

// EventTypeForAudit returns the event type of an audit entry by the
// vendor's names and IDs alone: AuditEventTypes(nil).EventType.
func EventTypeForAudit(name string, auditType, subtype int) EventType {
	return AuditEventTypes(nil).EventType(name, auditType, subtype)
}

// AuditEventID returns the deterministic ID of the event made from an audit
// entry: the ordinal-th entry (0-based) dated at in the trail of nodeID,
// of type auditType. Audit entries carry no ID of their own, so the node,
// the date (to the second, as the server records it) and the position
// among entries of the same date identify them; the type is included so
// that a server that orders same-second entries differently on another
// read yields distinct IDs (a duplicate delivery) rather than a colliding
// one (a lost event). The ID has no "." (Standard Webhooks forbids it).
func AuditEventID(nodeID int64, at time.Time, ordinal, auditType int) string {
	return fmt.Sprintf("audit_%d_%d_%d_%d", nodeID, at.Unix(), ordinal, auditType)
}

// EventFromAudit makes the event of an audit entry by the vendor's names
// and IDs alone: AuditEventTypes(nil).Event.
func EventFromAudit(e AuditEvent, ordinal int, node *Node) Event {
	return AuditEventTypes(nil).Event(e, ordinal, node)
}

// Event makes the event of an audit entry, its type as EventType says.
// ordinal is the entry's position (0-based) among the entries of the same
// node and date, as AuditEventID uses it. node is the audited node, or nil
// if unknown (the event then has no name, parent or subtype, and a Create
// maps to node.created).
func (m AuditEventTypes) Event(e AuditEvent, ordinal int, node *Node) Event {
	ev := Event{
		ID:   AuditEventID(e.NodeID, e.Time.Time, ordinal, e.EventType),
		Time: e.Time.UTC(),
		Data: EventData{
			NodeID:    e.NodeID,
			UserID:    e.UserID,
			AuditType: e.EventType,
			AuditName: strings.TrimSpace(e.EventName),
		},
	}
	subtype := -1
	if node != nil {
		subtype = node.Type
		ev.Data.Subtype, ev.Data.Name, ev.Data.ParentID = node.Type, node.Name, node.ParentID
		if node.Type == TypeBusinessWorkspace {
			ev.Data.WorkspaceID = node.ID
		}
	}
	ev.Type = m.EventType(e.EventName, e.EventType, subtype)
	return ev
}
