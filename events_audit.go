package xecm

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// auditEventTypes maps audit event type ids to event types. Create (and
// Create from Copy) depend on the node's subtype: see EventTypeForAudit.
var auditEventTypes = map[int]EventType{
	AuditDelete:                EventNodeDeleted,
	AuditMove:                  EventNodeMoved,
	AuditCopy:                  EventNodeCopied,
	AuditRename:                EventNodeRenamed,
	AuditReserve:               EventNodeReserved,
	AuditUnreserve:             EventNodeUnreserved,
	AuditPermissionChanged:     EventPermissionsChanged,
	AuditAttributeChanged:      EventMetadataChanged,
	AuditVersionAdded:          EventVersionAdded,
	AuditVersionOpened:         EventDocumentOpened,
	AuditClassificationSet:     EventRetentionChanged,
	AuditHoldApplied:           EventHoldApplied,
	AuditHoldRemoved:           EventHoldRemoved,
	AuditWorkflowInitiated:     EventWorkflowInitiated,
	AuditWorkflowTaskCompleted: EventWorkflowTaskDone,
	AuditWorkflowApproved:      EventDocumentApproved,
	AuditWorkflowRejected:      EventDocumentRejected,
}

// EventTypeForAudit returns the event type of an audit entry of type
// auditType on a node of the given subtype. A Create (or Create from Copy)
// is document.created on a document, workspace.created on a business
// workspace and node.created on anything else. Audit types without a
// mapping become "audit.<id>", so no entry is dropped.
func EventTypeForAudit(auditType, subtype int) EventType {
	if auditType == AuditCreate || auditType == AuditCreateFromCopy {
		switch subtype {
		case TypeDocument:
			return EventDocumentCreated
		case TypeBusinessWorkspace:
			return EventWorkspaceCreated
		}
		return EventNodeCreated
	}
	if t, ok := auditEventTypes[auditType]; ok {
		return t
	}
	return EventType("audit." + strconv.Itoa(auditType))
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

// EventFromAudit makes the event of an audit entry. ordinal is the
// entry's position (0-based) among the entries of the same node and date,
// as AuditEventID uses it. node is the audited node, or nil if unknown (the
// event then has no name, parent or subtype, and a Create maps to
// node.created).
func EventFromAudit(e AuditEvent, ordinal int, node *Node) Event {
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
	ev.Type = EventTypeForAudit(e.EventType, subtype)
	return ev
}
