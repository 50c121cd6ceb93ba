package xecmtest

import (
	"fmt"
	"time"
)

// Audit event type ids, as the vendor's recorded answers number them
// (reference §8; a real server's numbering may differ, see
// WithAuditEventIDs). The invented ones are in audit_inventions.go.
const (
	EventCreate                = 1
	EventCopy                  = 4
	EventRename                = 5
	EventReserve               = 6
	EventUnreserve             = 7
	EventShortcutCreated       = 8
	EventPermissionChanged     = 9
	EventAttributeValueChanged = 10
	EventVersionAdded          = 11
	EventVersionOpened         = 14
	EventGenerationCreated     = 15
	EventCreateFromCopy        = 92
	EventClassificationApplied = 264
)

// auditEventNames are the audit_name of each event type.
var auditEventNames = map[int]string{
	EventCreate:                "Create",
	EventCopy:                  "Copy",
	EventRename:                "Rename",
	EventReserve:               "Reserve",
	EventUnreserve:             "Unreserve",
	EventShortcutCreated:       "Shortcut Created",
	EventPermissionChanged:     "Permission Changed",
	EventAttributeValueChanged: "Attribute Value Changed",
	EventVersionAdded:          "Version Added",
	EventVersionOpened:         "Version Opened",
	EventGenerationCreated:     "Generation Created",
	EventCreateFromCopy:        "Create from Copy",
	EventClassificationApplied: "Classification Applied",
}

// AuditEventName returns the vendor's name of an audit event type (or the
// project's, for the invented ones).
func AuditEventName(eventType int) string {
	if n, ok := auditEventNames[eventType]; ok {
		return n
	}
	if ev, ok := inventedAuditEvents[eventType]; ok {
		return ev.name
	}
	return fmt.Sprintf("Event %d", eventType)
}

// AuditEntry is one audit record of a node.
type AuditEntry struct {
	// Seq orders all entries of the Server (strictly increasing).
	Seq uint64
	// NodeID is the audited node (the entry's "id" on the wire).
	NodeID int64
	// EventType is the simulator's number of the event type (the Event
	// constants); the wire shows it renumbered by WithAuditEventIDs.
	EventType int
	// Name is the audit_name; empty means AuditEventName(EventType).
	Name         string
	Date         time.Time
	UserID       int64
	AgentID      int64 // 0 = none (null on the wire)
	TargetUserID int64 // 0 = none (null on the wire)
	// Version is the version a Version Added entry records (dated as the
	// version's create_date). The server's audit API does not show it, so
	// it is not on the wire; the simulator's event callbacks name it, as a
	// sender built on the server's own event hooks would.
	Version int
}

// auditLog is the per-node audit trail plus the listeners that see every
// new entry.
type auditLog struct {
	byNode    map[int64][]AuditEntry
	listeners []func(AuditEntry)
	// While a create applies its roles, the entries of the new node wait
	// here (holdFor is its id), so that its Create comes first and a create
	// that fails leaves no entry behind.
	holdFor int64
	held    []AuditEntry
}

func (s *Server) installAudit() {
	s.audit = auditLog{byNode: map[int64][]AuditEntry{}}
	s.api("GET /v2/nodes/{id}/audit", s.handleAudit)
}

// recordLocked stamps e (sequence, date, name) and appends it to the trail
// of its node, then tells the listeners. The caller holds s.mu.
func (s *Server) recordLocked(e AuditEntry) AuditEntry {
	if e.Date.IsZero() {
		e.Date = s.now()
	}
	if s.droppedAuditLocked(e) {
		return e
	}
	if s.audit.holdFor != 0 && e.NodeID == s.audit.holdFor {
		s.audit.held = append(s.audit.held, e)
		return e
	}
	e.Seq = s.nextSeq()
	if e.Name == "" {
		e.Name = AuditEventName(e.EventType)
	}
	s.audit.byNode[e.NodeID] = append(s.audit.byNode[e.NodeID], e)
	for _, l := range s.audit.listeners {
		l(e)
	}
	return e
}

// holdAuditLocked starts holding the audit entries of node id.
func (s *Server) holdAuditLocked(id int64) { s.audit.holdFor, s.audit.held = id, nil }

// releaseAuditLocked stops holding and records first and then the held
// entries, or, when keep is false, drops the held entries.
func (s *Server) releaseAuditLocked(keep bool, first ...AuditEntry) {
	held := s.audit.held
	s.audit.holdFor, s.audit.held = 0, nil
	if !keep {
		return
	}
	for _, e := range append(first, held...) {
		s.recordLocked(e)
	}
}

// onAuditLocked registers a listener called synchronously, in order and with
// s.mu held, for every new audit entry (the hook for signed event
// callbacks). It must not call Server methods or block: hand the entry to a
// queue or goroutine for any I/O. The caller holds s.mu (or calls it from an
// install method).
func (s *Server) onAuditLocked(l func(AuditEntry)) {
	s.audit.listeners = append(s.audit.listeners, l)
}

// AuditTrail returns the audit entries of a node, oldest first (also for
// nodes deleted since).
func (s *Server) AuditTrail(nodeID int64) []AuditEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]AuditEntry(nil), s.audit.byNode[nodeID]...)
}

// wire renders e as an entry of results.data.audit, its event type
// numbered as s numbers it on the wire.
func (s *Server) wireAudit(e AuditEntry) map[string]any {
	return map[string]any{
		"id":                  e.NodeID,
		"event_type":          s.auditWireID(e.EventType),
		"audit_name":          e.Name,
		"audit_date":          dateNoZone(e.Date),
		"user_id":             e.UserID,
		"agent_id":            nullID(e.AgentID),
		"target_user_id":      nullID(e.TargetUserID),
		"audit_language_code": nil,
	}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
