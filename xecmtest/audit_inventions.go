package xecmtest

import "github.com/xecm-go/xecm"

// Audit event types that no vendor evidence shows: no recorded answer of a
// real server (reference §8) names or numbers the audit entries of a
// deletion, a move, a hold or a workflow step. A real server writes
// something for some of them, under names and IDs that are not public. The
// simulator writes them only with WithInventedAuditEvents, under this
// project's own IDs and names, for demos that need them (such as the
// examples' approval flows); otherwise it writes no entry for these changes.
const (
	EventDelete                = 2    // invented: a node was deleted
	EventMove                  = 3    // invented: a node moved to another parent
	EventHoldApplied           = 2001 // invented: a hold was applied
	EventHoldRemoved           = 2002 // invented: a hold was removed
	EventWorkflowInitiated     = 3001 // invented: a workflow started with the document attached
	EventWorkflowTaskCompleted = 3002 // invented: a workflow step was completed
	EventWorkflowApproved      = 3003 // invented: the workflow gave final approval
	EventWorkflowRejected      = 3004 // invented: the workflow rejected the document
)

// inventedAuditEvents are the names of the invented event types, and the
// events the simulator's callbacks (and InventedAuditEventTypes) make of
// them.
var inventedAuditEvents = map[int]struct {
	name  string
	event xecm.EventType
}{
	EventDelete:                {"Delete", xecm.EventNodeDeleted},
	EventMove:                  {"Move", xecm.EventNodeMoved},
	EventHoldApplied:           {"Hold Applied", xecm.EventHoldApplied},
	EventHoldRemoved:           {"Hold Removed", xecm.EventHoldRemoved},
	EventWorkflowInitiated:     {"Workflow Initiated", xecm.EventWorkflowInitiated},
	EventWorkflowTaskCompleted: {"Workflow Task Completed", xecm.EventWorkflowTaskDone},
	EventWorkflowApproved:      {"Workflow Approved", xecm.EventDocumentApproved},
	EventWorkflowRejected:      {"Workflow Rejected", xecm.EventDocumentRejected},
}

// WithInventedAuditEvents makes the simulator write audit entries for
// deletions, moves, holds and the approval workflow's steps, under IDs and
// names this project invented (EventDelete ... EventWorkflowRejected): a
// real server's are not public, so without this option the simulator
// writes none. It is for demos that turn these entries into events; pass
// InventedAuditEventTypes to Events.Watch to have them mapped. The
// simulator's own event callbacks map them without it.
func WithInventedAuditEvents() Option {
	return func(c *config) { c.inventedAudit = true }
}

// InventedAuditEventTypes returns the event types of the audit entries
// WithInventedAuditEvents writes, by name, for WatchOptions.AuditEventTypes.
// A real server writes none of these names.
func InventedAuditEventTypes() xecm.AuditEventTypes {
	m := xecm.AuditEventTypes{}
	for _, ev := range inventedAuditEvents {
		m[ev.name] = ev.event
	}
	return m
}

// WithAuditEventIDs numbers the audit event types named in ids (by their
// audit_name, such as "Version Added") as given, on the wire (event_type,
// audit_event_types and the where_type filter), in place of the numbers of
// the vendor's recorded answers. A real server's numbering may differ from
// those answers, and a client that reads names keeps working: this option
// lets tests prove it. AuditTrail and AuditEntry keep the simulator's own
// numbers (the Event constants).
func WithAuditEventIDs(ids map[string]int) Option {
	return func(c *config) {
		if c.auditIDs == nil {
			c.auditIDs = map[string]int{}
		}
		for name, id := range ids {
			c.auditIDs[name] = id
		}
	}
}

// auditWireID is the event_type the wire shows for the simulator's event
// type t.
func (s *Server) auditWireID(t int) int {
	if id, ok := s.cfg.auditIDs[AuditEventName(t)]; ok {
		return id
	}
	return t
}

// droppedAuditLocked reports whether the entry is of an invented event
// type that this server does not write. The caller holds s.mu.
func (s *Server) droppedAuditLocked(e AuditEntry) bool {
	_, invented := inventedAuditEvents[e.EventType]
	return invented && !s.cfg.inventedAudit
}
