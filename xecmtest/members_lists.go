package xecmtest

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The current user's node lists: GET api/v2/members/reserved (the spec's
// GetReservedItems: "the objects reserved by the authenticated user") and
// GET api/v2/members/accessed (GetAccessed: "a member's recently accessed
// list", "a maximum of 25 items"). Both answer node records as a browse
// does (results[].data.properties), honour where_name, sort, page and
// limit, and list only nodes the caller may see.
//
// Reserved reads the reservation state of the nodes themselves
// (reserved_user_id), whichever route set it: PUT api/v2/nodes/{id} or the
// reservation routes of the nodes area.
//
// Recently accessed: the simulator records a document as accessed when its
// content is downloaded (the "Version Opened" of the audit trail), newest
// first, at most 25 per user. What else a real server counts as an access
// (opening a container, the add_recently_accessed flag of the workspace
// routes) is not documented in the spec or pyxecm, and is not recorded.
// Each entry carries properties_user.access_date_last (the spec's
// V2DataAccessed). class_mask ("View class to filter on") has no
// documented meaning and is refused rather than ignored.

// maxAccessed is the length of a user's recently accessed list (spec).
const maxAccessed = 25

// accessRecord is one entry of a user's recently accessed list.
type accessRecord struct {
	NodeID int64
	At     time.Time
}

// memberLists is the per-user state of the members area's lists.
type memberLists struct {
	accessed map[int64][]accessRecord // user -> newest first
	favs     map[int64]*favoriteSet   // user -> favorites (members_favorites.go)
}

func (s *Server) installMemberLists() {
	s.lists = memberLists{accessed: map[int64][]accessRecord{}}
	s.api("GET /v2/members/reserved", s.handleReservedNodes)
	s.api("GET /v2/members/accessed", s.handleAccessedNodes)
	s.installFavorites()
}

// noteAccessedLocked puts node id at the head of the user's recently
// accessed list.
func (s *Server) noteAccessedLocked(userID, id int64) {
	l := slices.DeleteFunc(s.lists.accessed[userID], func(r accessRecord) bool { return r.NodeID == id })
	l = slices.Insert(l, 0, accessRecord{NodeID: id, At: s.now()})
	s.lists.accessed[userID] = l[:min(len(l), maxAccessed)]
}

func (s *Server) handleReservedNodes(c *call) (any, error) {
	var nodes []*node
	for _, n := range s.nodes.byID {
		if n.ReservedUser == c.userID() {
			nodes = append(nodes, n)
		}
	}
	return s.nodeListLocked(c, nodes, "asc_name", nil)
}

func (s *Server) handleAccessedNodes(c *call) (any, error) {
	if c.query.Has("class_mask") {
		return nil, invalid("class_mask", "not modelled by the simulator")
	}
	match, err := whereTypeFilter(c)
	if err != nil {
		return nil, err
	}
	under := int64(0)
	if raw := c.query.Get("where_parent_id"); raw != "" {
		if under, err = strconv.ParseInt(raw, 10, 64); err != nil {
			return nil, invalid("where_parent_id", raw)
		}
	}
	at := map[int64]time.Time{}
	var nodes []*node
	for _, r := range s.lists.accessed[c.userID()] {
		n := s.nodes.byID[r.NodeID]
		if n != nil && match(n) && (under == 0 || s.isBelowLocked(n, under)) {
			nodes = append(nodes, n)
			at[n.ID] = r.At
		}
	}
	// Newest first unless a sort is asked for (the server's own order is
	// not documented; this is the list's).
	return s.nodeListLocked(c, nodes, "", func(n *node, data map[string]any) {
		data["properties_user"] = map[string]any{"access_date_last": dateV2(at[n.ID])}
	})
}

// isBelowLocked reports whether n is inside container id, at any depth.
func (s *Server) isBelowLocked(n *node, id int64) bool {
	for p := s.nodes.byID[n.ParentID]; p != nil; p = s.nodes.byID[p.ParentID] {
		if p.ID == id {
			return true
		}
	}
	return false
}

// nodeListLocked answers a members-area list of nodes: those the caller
// may see whose name contains where_name, sorted as a browse is by sort
// (by defaultSort without one; "" keeps the order given), one page of
// them, each rendered as a browse renders it and then passed to more (if
// set).
func (s *Server) nodeListLocked(c *call, nodes []*node, defaultSort string, more func(*node, map[string]any)) (any, error) {
	name := strings.ToLower(c.query.Get("where_name"))
	visible := make([]*node, 0, len(nodes))
	for _, n := range nodes {
		if nameContains(n, name) && s.checkAccessLocked(c, n, "see") == nil {
			visible = append(visible, n)
		}
	}
	sortValue := ""
	if raw := cmp.Or(c.query.Get("sort"), defaultSort); raw != "" {
		v, sortNodes, err := s.browseSort(raw)
		if err != nil {
			return nil, err
		}
		sortValue = v
		sortNodes(visible)
	}
	pg, limit, err := c.pageRequest(defaultBrowseLimit)
	if err != nil {
		return nil, err
	}
	page, p := paginate(visible, pg, limit)
	results := make([]any, 0, len(page))
	for _, n := range page {
		data, err := s.nodeDataLocked(c, n)
		if err != nil {
			return nil, err
		}
		if more != nil {
			more(n, data)
		}
		results = append(results, dataResult{data})
	}
	collection := map[string]any{"paging": p}
	if sortValue != "" {
		collection["sorting"] = map[string]any{"sort": []any{map[string]any{"key": "sort", "value": sortValue}}}
	}
	return map[string]any{"collection": collection, "links": c.selfLinks(), "results": results}, nil
}
