package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// installHoldAdmin registers the routes that find, change and delete hold
// definitions and list the items under a hold.
func (s *Server) installHoldAdmin() {
	s.api("GET /v2/hold", s.handleHoldByQuery)
	s.api("DELETE /v2/hold", s.handleDeleteHoldByQuery)
	s.api("PUT /v1/holds", s.handleUpdateHold)
	s.api("DELETE /v1/holds/{id}", s.handleDeleteHold)
	s.api("GET /v2/holditems/{id}", s.handleHoldItems)
	s.api("GET /v2/holditems/{id}/page", s.handleHoldItems)
}

// holdByQueryLocked finds the hold of the id or holdname query parameter
// (GET and DELETE api/v2/hold: "one of these parameters MUST be
// provided"). Names match exactly: the spec says nothing of case.
func (s *Server) holdByQueryLocked(c *call) (*hold, string, error) {
	if raw := c.query.Get("id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, "", invalid("id", raw)
		}
		return s.rm.holds.byID[id], raw, nil
	}
	name := c.query.Get("holdname")
	if name == "" {
		return nil, "", errorf(http.StatusBadRequest, "Either the id or the holdname parameter must be provided.")
	}
	for _, h := range s.sortedHolds() {
		if h.Name == name {
			return h, "'" + name + "'", nil
		}
	}
	return nil, "'" + name + "'", nil
}

// handleHoldByQuery is GET api/v2/hold. The answer is that of GET
// api/v2/holds/{id} (results.data.hold), as pyxecm's recorded answer of
// get_hold_by_name shows it, rather than the spec's ResultsHold (hold at the
// top level); a missing hold is the ok:false answer of the other RM hold
// reads.
func (s *Server) handleHoldByQuery(c *call) (any, error) {
	h, which, err := s.holdByQueryLocked(c)
	if err != nil {
		return nil, err
	}
	if h == nil {
		return rmFailure("Hold %s not found.", which), nil
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"ok": true, "data": map[string]any{"hold": h.wire()}}}, nil
}

// errHoldNotDeleted is the spec's 400 of DELETE api/v1/holds/{id}.
func errHoldNotDeleted() error {
	return errorf(http.StatusBadRequest, "Error deleting Hold. Hold may not exist or is in use.")
}

// deleteHoldLocked deletes h unless it is applied to an item.
func (s *Server) deleteHoldLocked(h *hold) bool {
	for _, list := range s.rm.holds.onNode {
		if slices.ContainsFunc(list, func(on holdOnNode) bool { return on.HoldID == h.ID }) {
			return false
		}
	}
	delete(s.rm.holds.byID, h.ID)
	return true
}

func (s *Server) handleDeleteHold(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	h := s.rm.holds.byID[id]
	if h == nil || !s.deleteHoldLocked(h) {
		return nil, errHoldNotDeleted()
	}
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

// handleDeleteHoldByQuery is DELETE api/v2/hold, which answers ApiResponse
// ({"results": {"ok", "errMsg"}}) in success and failure alike.
func (s *Server) handleDeleteHoldByQuery(c *call) (any, error) {
	h, which, err := s.holdByQueryLocked(c)
	if err != nil {
		return nil, err
	}
	switch {
	case h == nil:
		return rmFailure("Hold %s not found.", which), nil
	case !s.deleteHoldLocked(h):
		return rmFailure("Hold %s is in use.", which), nil
	}
	return map[string]any{"results": map[string]any{"ok": true, "id": h.ID}}, nil
}

// handleUpdateHold is PUT api/v1/holds?id=...: the spec declares every
// field a query parameter (pyxecm has no update call); the body is read
// too, as for the hold create. The spec does not say whether a
// date_removed ends the hold's activity, so ActiveHold is left alone.
func (s *Server) handleUpdateHold(c *call) (any, error) {
	raw := c.param("id")
	if raw == "" {
		return nil, missing("id")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, invalid("id", raw)
	}
	h := s.rm.holds.byID[id]
	if h == nil {
		return nil, errorf(http.StatusBadRequest, "Could not update Hold Disposition table")
	}
	cp := *h
	if name, ok := c.paramSet("name"); ok {
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, invalid("name", name)
		}
		for _, o := range s.rm.holds.byID {
			if o.ID != h.ID && strings.EqualFold(o.Name, name) {
				return rmFailure("A hold with the name '%s' already exists.", name), nil
			}
		}
		cp.Name = name
	}
	if typ, ok := c.paramSet("type"); ok {
		if strings.TrimSpace(typ) == "" {
			return nil, invalid("type", typ)
		}
		cp.Type = typ
	}
	for k, dst := range map[string]*string{"comment": &cp.Comment, "alternate_id": &cp.AlternateID, "removal_comment": &cp.RemovalComment} {
		if v, ok := c.paramSet(k); ok {
			*dst = v
		}
	}
	dates := []struct {
		name string
		dst  *time.Time
	}{{"date_applied", &cp.Applied}, {"date_to_remove", &cp.ToRemove}, {"date_removed", &cp.Removed}}
	for _, d := range dates {
		v, ok := c.paramSet(d.name)
		if !ok || v == "" {
			continue
		}
		t, ok := parseDateParam(v, false)
		if !ok {
			return nil, invalid(d.name, v)
		}
		*d.dst = t
		if d.name == "date_removed" {
			cp.RemovedBy = s.userName(c.userID())
		}
	}
	cp.Edited, cp.EditedBy = s.now(), s.userName(c.userID())
	*h = cp
	return map[string]any{"results": map[string]any{"ok": true, "id": h.ID}}, nil
}

// paramSet is param, telling a parameter sent empty from one not sent.
func (c *call) paramSet(name string) (string, bool) {
	if vs, ok := c.query[name]; ok && len(vs) > 0 {
		return vs[0], true
	}
	return c.params.str(name)
}

// defaultRMItemsLimit is the spec's default page size of the hold and
// classification item lists.
const defaultRMItemsLimit = 25

// handleHoldItems is GET api/v2/holditems/{id} and .../page: the items the
// hold is applied to directly that the caller can see (view_HoldItems:
// collection.paging, the items' properties as "results").
func (s *Server) handleHoldItems(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	if s.rm.holds.byID[id] == nil {
		return nil, errNoAccess()
	}
	var items []*node
	for nodeID, list := range s.rm.holds.onNode {
		n := s.nodes.byID[nodeID]
		if n == nil || !slices.ContainsFunc(list, func(on holdOnNode) bool { return on.HoldID == id }) {
			continue
		}
		if s.checkAccessLocked(c, n, "see") == nil {
			items = append(items, n)
		}
	}
	return s.rmItemsPageLocked(c, items, nil)
}

// rmItemsPageLocked answers one page of nodes in the layout of the RM item
// lists: v2 paging under "collection", properties as the result elements,
// or under results.contents (with results.ancestors) when ancestors is
// not nil. Sort is the spec's asc_name or desc_name; without it the
// items come in id order (the spec names no default).
func (s *Server) rmItemsPageLocked(c *call, items []*node, ancestors []any) (any, error) {
	switch c.query.Get("sort") {
	case "", "asc_id":
		slices.SortFunc(items, func(a, b *node) int { return int(a.ID - b.ID) })
	case "asc_name", "name":
		slices.SortFunc(items, func(a, b *node) int { return strings.Compare(a.Name, b.Name) })
	case "desc_name":
		slices.SortFunc(items, func(a, b *node) int { return strings.Compare(b.Name, a.Name) })
	default:
		return nil, invalid("sort", c.query.Get("sort"))
	}
	pg, limit, err := c.pageRequest(defaultRMItemsLimit)
	if err != nil {
		return nil, err
	}
	page, p := paginate(items, pg, limit)
	rows := make([]any, 0, len(page))
	for _, n := range page {
		rows = append(rows, s.propsLocked(n, layoutNoZone))
	}
	coll := map[string]any{"paging": p}
	if ancestors == nil {
		return map[string]any{"collection": coll, "results": rows}, nil
	}
	return map[string]any{"collection": coll, "results": map[string]any{"ancestors": ancestors, "contents": rows}}, nil
}
