package xecmtest

import (
	"cmp"
	"slices"
	"strconv"
	"time"
)

// defaultAuditLimit is the page size of the audit call without "limit".
const defaultAuditLimit = 100

// handleAudit is GET api/v2/nodes/{id}/audit (reference §8): filters
// where_type (repeatable), where_user_id, where_audit_date_start/_end
// (YYYY-MM-DD, inclusive days, or datetimes), sort desc_audit_date (default)
// or asc_audit_date, paging, and expand=audit{id,user_id,agent_id,target_user_id}.
func (s *Server) handleAudit(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	match, err := s.auditFilter(c)
	if err != nil {
		return nil, err
	}
	trail := s.audit.byNode[n.ID]
	var rows []AuditEntry
	seen := map[int]bool{}
	for _, e := range trail {
		seen[e.EventType] = true // the simulator's numbers: named below
		if match(e) {
			rows = append(rows, e)
		}
	}
	dir := -1
	switch c.query.Get("sort") {
	case "", "desc_audit_date":
	case "asc_audit_date":
		dir = 1
	default:
		return nil, invalid("sort", c.query.Get("sort"))
	}
	slices.SortStableFunc(rows, func(a, b AuditEntry) int {
		if k := a.Date.Compare(b.Date); k != 0 {
			return dir * k
		}
		return dir * cmp.Compare(a.Seq, b.Seq)
	})
	pg, limit, err := c.pageRequest(defaultAuditLimit)
	if err != nil {
		return nil, err
	}
	page, p := paginate(rows, pg, limit)
	expand := parseFieldSpec(c.query, "expand")
	doExpand, expandKeys := expand.wants("audit")
	audit := make([]any, 0, len(page))
	for _, e := range page {
		w := s.wireAudit(e)
		if doExpand {
			s.expandAuditLocked(w, expandKeys)
		}
		audit = append(audit, w)
	}
	// The table names the event types of the whole trail, by wire ID.
	types := make([]int, 0, len(seen))
	for t := range seen {
		types = append(types, t)
	}
	slices.SortFunc(types, func(a, b int) int { return cmp.Compare(s.auditWireID(a), s.auditWireID(b)) })
	eventTypes := make([]any, 0, len(types))
	for _, t := range types {
		eventTypes = append(eventTypes, map[string]any{"id": s.auditWireID(t), "name": AuditEventName(t)})
	}
	return map[string]any{
		"collection": map[string]any{"paging": p},
		"links":      c.selfLinks(),
		"results":    map[string]any{"data": map[string]any{"audit": audit, "audit_event_types": eventTypes}},
	}, nil
}

// auditFilter builds the where_* predicate; where_type compares wire IDs.
func (s *Server) auditFilter(c *call) (func(AuditEntry) bool, error) {
	var types []int
	for _, raw := range c.query["where_type"] {
		t, err := strconv.Atoi(raw)
		if err != nil {
			return nil, invalid("where_type", raw)
		}
		types = append(types, t)
	}
	var userID int64
	if raw := c.query.Get("where_user_id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, invalid("where_user_id", raw)
		}
		userID = id
	}
	start, end, err := auditDateRange(c)
	if err != nil {
		return nil, err
	}
	return func(e AuditEntry) bool {
		if len(types) > 0 && !slices.Contains(types, s.auditWireID(e.EventType)) {
			return false
		}
		if userID != 0 && e.UserID != userID {
			return false
		}
		if !start.IsZero() && e.Date.Before(start) {
			return false
		}
		return end.IsZero() || !e.Date.After(end)
	}, nil
}

func auditDateRange(c *call) (start, end time.Time, err error) {
	for i, key := range []string{"where_audit_date_start", "where_audit_date_end"} {
		raw := c.query.Get(key)
		if raw == "" {
			continue
		}
		t, ok := parseDateParam(raw, i == 1)
		if !ok {
			return start, end, invalid(key, raw)
		}
		if i == 0 {
			start = t
		} else {
			end = t
		}
	}
	return start, end, nil
}

// expandAuditLocked adds *_expand members to one wire audit entry.
func (s *Server) expandAuditLocked(w map[string]any, keys []string) {
	if keys == nil {
		keys = []string{"id", "user_id", "agent_id", "target_user_id"}
	}
	for _, k := range keys {
		id, ok := toInt64(w[k])
		if !ok {
			continue
		}
		if k == "id" {
			if n := s.nodes.byID[id]; n != nil {
				w["id_expand"] = map[string]any{"id": n.ID, "name": n.Name, "type": n.Type, "type_name": typeName(n.Type)}
			}
			continue
		}
		if u := s.dir.users[id]; u != nil {
			w[k+"_expand"] = u.userJSON()
		}
	}
}
