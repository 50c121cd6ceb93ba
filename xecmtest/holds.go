package xecmtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// hold is a records management hold.
type hold struct {
	ID                  int64
	Name, Type, Comment string
	AlternateID         string
	ParentID            int64
	Active              bool
	Applied, ToRemove   time.Time
	AppliedBy           string
	// Removed, RemovedBy and RemovalComment record the hold's suspension
	// (PUT v1/holds date_removed, removal_comment).
	Removed, Edited     time.Time
	RemovedBy, EditedBy string
	RemovalComment      string
}

// holdOnNode is a hold applied directly to a node.
type holdOnNode struct {
	HoldID  int64
	UserID  int64
	Applied time.Time
}

// holdStore is the holds part of the records area.
type holdStore struct {
	byID   map[int64]*hold
	nextID int64
	onNode map[int64][]holdOnNode // direct holds of each node
}

func (s *Server) installHolds(now time.Time) {
	s.rm.holds = holdStore{byID: map[int64]*hold{}, nextID: 100, onNode: map[int64][]holdOnNode{}}
	for _, h := range []*hold{
		{ID: HoldLitigation, Name: "Litigation 2025", Type: "LEGAL", Comment: "Pending litigation", Active: true, Applied: now, AppliedBy: "Admin"},
		{ID: HoldTaxAudit, Name: "Tax Audit", Type: "AUDIT", Active: true, Applied: now, AppliedBy: "Admin", AlternateID: "TAX-2025"},
		{ID: HoldClosedMatter, Name: "Closed Matter", Type: "LEGAL", Active: false, Applied: now, AppliedBy: "Admin"},
	} {
		s.rm.holds.byID[h.ID] = h
	}
	s.api("GET /v1/holds", s.handleHoldsV1)
	s.api("POST /v1/holds", s.handleCreateHold)
	s.api("GET /v2/holds", s.handleListHolds)
	s.api("GET /v2/holds/{id}", s.handleGetHold)
	s.api("GET /v1/nodes/{id}/holds", s.handleNodeHolds)
	s.api("POST /v1/nodes/{id}/holds", s.handleApplyHold)
	s.api("DELETE /v1/nodes/{id}/holds/{hold_id}", s.handleRemoveHold)
	s.installHoldAdmin()
}

// rmFailure is the 200 body with ok:false of RM hold calls.
func rmFailure(format string, args ...any) map[string]any {
	return map[string]any{"results": map[string]any{"ok": false, "errMsg": fmt.Sprintf(format, args...), "id": 0}}
}

func (h *hold) wire() map[string]any {
	active := 0
	if h.Active {
		active = 1
	}
	str := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	parent := any(nil)
	if h.ParentID != 0 {
		parent = h.ParentID
	}
	return map[string]any{"HoldID": h.ID, "HoldName": h.Name, "ActiveHold": active, "OBJECT": nil,
		"ApplyPatron": h.AppliedBy, "DateApplied": dateNoZone(h.Applied), "HoldComment": str(h.Comment), "HoldType": h.Type,
		"DateToRemove": dateNoZone(h.ToRemove), "DateRemoved": dateNoZone(h.Removed), "RemovalPatron": str(h.RemovedBy),
		"RemovalComment": str(h.RemovalComment), "EditDate": dateNoZone(h.Edited), "EditPatron": str(h.EditedBy), "AlternateHoldID": str(h.AlternateID), "ParentID": parent}
}

func (s *Server) sortedHolds() []*hold {
	out := make([]*hold, 0, len(s.rm.holds.byID))
	for _, h := range s.rm.holds.byID {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b *hold) int { return int(a.ID - b.ID) })
	return out
}

func (s *Server) handleHoldsV1(c *call) (any, error) {
	var out []any
	for _, h := range s.sortedHolds() {
		out = append(out, map[string]any{"HoldID": h.ID, "HoldName": h.Name, "ActiveHold": h.Active})
	}
	return out, nil
}

// handleListHolds is GET api/v2/holds; page and limit are required.
// handleListHolds is GET api/v2/holds. The RM spec marks page and limit
// required, but a client written against real servers lists holds without
// them and gets the list (issue #15's measurement); no default page size is
// documented, so the simulator then answers every hold on one page.
func (s *Server) handleListHolds(c *call) (any, error) {
	var rows []any
	for _, h := range s.sortedHolds() {
		rows = append(rows, h.wire())
	}
	pg, limit, err := c.pageRequest(max(len(rows), 1))
	if err != nil {
		return nil, err
	}
	page, p := paginate(rows, pg, limit)
	return map[string]any{"collection": map[string]any{"paging": p}, "links": c.selfLinks(),
		"results": map[string]any{"ok": true, "data": map[string]any{"holds": page}}}, nil
}

func (s *Server) handleGetHold(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	var h *hold
	if name := c.query.Get("holdname"); name != "" {
		for _, x := range s.rm.holds.byID {
			if x.Name == name {
				h = x
			}
		}
	} else {
		h = s.rm.holds.byID[id]
	}
	if h == nil {
		return rmFailure("Hold %d not found.", id), nil
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"ok": true, "data": map[string]any{"hold": h.wire()}}}, nil
}

// param reads a parameter from the query (where the spec puts the hold
// fields) or the body (where pyxecm sends them).
func (c *call) param(name string) string {
	if v := c.query.Get(name); v != "" {
		return v
	}
	v, _ := c.params.str(name)
	return v
}

func (s *Server) handleCreateHold(c *call) (any, error) {
	name, typ := strings.TrimSpace(c.param("name")), strings.TrimSpace(c.param("type"))
	if name == "" {
		return nil, missing("name")
	}
	if typ == "" {
		return nil, missing("type")
	}
	applied, ok := parseDateParam(c.param("date_applied"), false)
	if !ok {
		return nil, missing("date_applied")
	}
	for _, h := range s.rm.holds.byID {
		if strings.EqualFold(h.Name, name) {
			return rmFailure("A hold with the name '%s' already exists.", name), nil
		}
	}
	h := &hold{Name: name, Type: typ, Comment: c.param("comment"), AlternateID: c.param("alternate_id"), Active: true,
		Applied: applied, AppliedBy: s.userName(c.userID())}
	if raw := c.param("parent_id"); raw != "" {
		pid, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, invalid("parent_id", raw)
		}
		h.ParentID = pid
	}
	if raw := c.param("date_to_remove"); raw != "" {
		t, ok := parseDateParam(raw, false)
		if !ok {
			return nil, invalid("date_to_remove", raw)
		}
		h.ToRemove = t
	}
	s.rm.holds.nextID++
	h.ID = s.rm.holds.nextID
	s.rm.holds.byID[h.ID] = h
	return map[string]any{"holdID": h.ID}, nil
}

func (s *Server) userName(id int64) string {
	if u := s.dir.users[id]; u != nil {
		return u.Name
	}
	return strconv.FormatInt(id, 10)
}

// holdsOfLocked returns the holds reaching n: its own and its ancestors'.
func (s *Server) holdsOfLocked(n *node) []map[string]any {
	var out []map[string]any
	for _, a := range s.ancestorsLocked(n) {
		for _, on := range s.rm.holds.onNode[a.ID] {
			h := s.rm.holds.byID[on.HoldID]
			if h == nil {
				continue
			}
			method := "Direct"
			if a.ID != n.ID {
				method = "Inherited"
			}
			out = append(out, map[string]any{"id": a.ID, "name": a.Name, "subtype": a.Type, "parent_id": a.ParentID,
				"hold_id": h.ID, "hold_name": h.Name, "hold_appliedmethod": method, "hold_type": h.Type,
				"userid": on.UserID, "docxreftyp": nil, "queryid": nil, "hold_comment": h.Comment, "active": h.Active,
				"applied_by": s.userName(on.UserID), "date_applied": dateNoZone(on.Applied), "removable": a.ID == n.ID})
		}
	}
	return out
}

func (s *Server) handleNodeHolds(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	data := []any{}
	for _, h := range s.holdsOfLocked(n) {
		data = append(data, h)
	}
	return map[string]any{"data": data, "definitions": map[string]any{}}, nil
}

func (s *Server) handleApplyHold(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	raw := c.param("hold_id")
	if raw == "" {
		return nil, errorf(http.StatusBadRequest, "Missing LLPARAMS_LIST")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, invalid("hold_id", raw)
	}
	h := s.rm.holds.byID[id]
	switch {
	case h == nil:
		return rmFailure("Hold %d not found.", id), nil
	case !h.Active:
		return rmFailure("Hold '%s' is not active.", h.Name), nil
	}
	for _, on := range s.rm.holds.onNode[n.ID] {
		if on.HoldID == id {
			return rmFailure("The item already has the hold '%s'.", h.Name), nil
		}
	}
	s.rm.holds.onNode[n.ID] = append(s.rm.holds.onNode[n.ID], holdOnNode{HoldID: id, UserID: c.userID(), Applied: s.now()})
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventHoldApplied, UserID: c.userID()})
	return map[string]any{"results": map[string]any{"ok": true, "id": n.ID}}, nil
}

func (s *Server) handleRemoveHold(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	id, err := c.pathID("hold_id")
	if err != nil {
		return nil, err
	}
	list := s.rm.holds.onNode[n.ID]
	i := slices.IndexFunc(list, func(on holdOnNode) bool { return on.HoldID == id })
	if i < 0 {
		return nil, errorf(http.StatusBadRequest, "Object does not have this Hold")
	}
	s.rm.holds.onNode[n.ID] = slices.Delete(slices.Clone(list), i, i+1)
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventHoldRemoved, UserID: c.userID()})
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

// HoldIDs returns the ids of the holds applied directly to a node.
func (s *Server) HoldIDs(nodeID int64) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int64
	for _, on := range s.rm.holds.onNode[nodeID] {
		out = append(out, on.HoldID)
	}
	return out
}
