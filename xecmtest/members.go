package xecmtest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// maxMembersLimit is the largest page the members API serves (PYX
// get_users: "OTCS does not allow values > 20"), and defaultMembersLimit
// the page it serves without a limit (PYX: "internal default is 10"). A
// larger limit is served as 20, not refused: pyxecm's note is about the
// page it gets, and clients written against real servers that ask for 100
// page on.
const (
	maxMembersLimit     = 20
	defaultMembersLimit = 10
)

func (s *Server) installMembers() {
	s.api("GET /v2/members", s.handleListMembers)
	s.api("GET /v2/members/{id}", s.handleGetMember)
	s.api("GET /v2/members/{id}/members", s.handleGroupMembers)
	s.api("GET /v2/members/memberof", s.handleMemberOf)
	s.api("GET /v2/members/{id}/memberof", s.handleMemberOf)
	s.installMembersWrite()
	s.installMembersCreate()
	s.installMembersDelete()
	s.installMembersPhoto()
	s.installMemberLists()
	s.installMembersSessions()
	s.installMembersObjectTypes()
}

// memberJSON renders a user or group as the properties of a v2 member.
func (s *Server) memberJSONLocked(id int64) map[string]any {
	if u := s.dir.users[id]; u != nil {
		m := u.userJSON()
		m["name_formatted"] = u.displayName()
		return m
	}
	if g := s.dir.groups[id]; g != nil {
		return map[string]any{"id": g.ID, "name": g.Name, "name_formatted": g.Name, "type": 1, "type_name": "Group",
			"leader_id": nil, "deleted": g.Deleted, "initials": firstLetter(g.Name)}
	}
	return nil
}

// memberPageLocked reads page and limit (10 by default, at most 20, like
// the server) and renders one page of the member ids.
func (s *Server) memberPageLocked(c *call, ids []int64) (any, error) {
	page, limit, err := c.pageRequest(defaultMembersLimit)
	if err != nil {
		return nil, err
	}
	limit = min(limit, maxMembersLimit)
	items, p := paginate(ids, page, limit)
	results := make([]any, 0, len(items))
	for _, id := range items {
		results = append(results, map[string]any{"data": map[string]any{"properties": s.memberJSONLocked(id)}})
	}
	return map[string]any{"collection": map[string]any{"paging": p}, "links": c.selfLinks(), "results": results}, nil
}

func (s *Server) handleListMembers(c *call) (any, error) {
	q := c.query
	where := map[string]string{}
	for _, k := range []string{"where_name", "where_first_name", "where_last_name", "where_business_email"} {
		if v := q.Get(k); v != "" {
			where[k] = strings.ToLower(v)
		}
	}
	query := strings.ToLower(q.Get("query"))
	if query != "" && len(where) > 0 {
		return nil, errorf(http.StatusBadRequest, "The parameter 'query' cannot be combined with 'where' parameters.")
	}
	types := map[int]bool{}
	for _, raw := range q["where_type"] {
		t, err := strconv.Atoi(raw)
		if err != nil || t != 0 && t != 1 {
			return nil, invalid("where_type", raw)
		}
		types[t] = true
	}
	type cand struct {
		id                               int64
		typ                              int
		name, first, last, email, search string
	}
	var all []cand
	for _, u := range s.dir.users {
		if !u.Deleted {
			all = append(all, cand{u.ID, 0, u.Name, u.FirstName, u.LastName, u.Email, ""})
		}
	}
	for _, g := range s.dir.groups {
		if !g.Deleted {
			all = append(all, cand{g.ID, 1, g.Name, "", "", "", ""})
		}
	}
	var ids []int64
	for _, m := range all {
		if len(types) > 0 && !types[m.typ] {
			continue
		}
		fields := map[string]string{"where_name": m.name, "where_first_name": m.first, "where_last_name": m.last, "where_business_email": m.email}
		ok := true
		for k, v := range where {
			ok = ok && strings.Contains(strings.ToLower(fields[k]), v)
		}
		if query != "" {
			ok = false
			for _, f := range []string{m.name, m.first, m.last, m.email} {
				ok = ok || strings.Contains(strings.ToLower(f), query)
			}
		}
		if ok {
			ids = append(ids, m.id)
		}
	}
	sortMembers(s, ids, q.Get("sort"))
	return s.memberPageLocked(c, ids)
}

// memberSortFields maps the spec's sort columns to member properties.
var memberSortFields = map[string]string{"id": "id", "name": "name", "first_name": "first_name",
	"last_name": "last_name", "group_id": "group_id", "mailaddress": "business_email"}

// sortMembers orders by a sort column (asc_ or desc_ prefix, asc without
// one), ties and unknown columns by id.
func sortMembers(s *Server, ids []int64, sortBy string) {
	field := memberSortFields[strings.TrimPrefix(strings.TrimPrefix(sortBy, "asc_"), "desc_")]
	desc := field != "" && strings.HasPrefix(sortBy, "desc_")
	key := func(id int64) string {
		m := s.memberJSONLocked(id)
		if m == nil || m[field] == nil {
			return ""
		}
		if v, isNum := m[field].(int64); isNum {
			return fmt.Sprintf("%020d", v)
		}
		return strings.ToLower(fmt.Sprint(m[field]))
	}
	slices.SortStableFunc(ids, func(a, b int64) int {
		r := cmp.Compare(a, b)
		if field != "" {
			r = cmp.Or(cmp.Compare(key(a), key(b)), r)
		}
		if desc {
			return -r
		}
		return r
	})
}

func (s *Server) handleGetMember(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	m := s.memberJSONLocked(id)
	if m == nil {
		return nil, errorf(http.StatusInternalServerError, "Could not get a member for %d", id)
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": map[string]any{"properties": m}}}, nil
}

func (s *Server) handleGroupMembers(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	g := s.dir.groups[id]
	switch {
	case g == nil && s.dir.users[id] != nil:
		return nil, errorf(http.StatusInternalServerError, "Invalid group %d", id)
	case g == nil:
		return nil, errorf(http.StatusInternalServerError, "Could not get a member for %d", id)
	}
	ids := slices.Clone(g.Members)
	sortMembers(s, ids, c.query.Get("sort"))
	return s.memberPageLocked(c, ids)
}

// AddGroup creates a group with the given members and returns its id. It
// panics if the name is empty or taken or a member does not exist.
func (s *Server) AddGroup(name string, memberIDs ...int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.TrimSpace(name) == "" {
		panic("xecmtest: AddGroup: empty group name")
	}
	for _, g := range s.dir.groups {
		if !g.Deleted && strings.EqualFold(g.Name, name) {
			panic(fmt.Sprintf("xecmtest: AddGroup: group %q exists", name))
		}
	}
	for _, m := range memberIDs {
		if s.dir.users[m] == nil && s.dir.groups[m] == nil {
			panic(fmt.Sprintf("xecmtest: AddGroup: no member %d", m))
		}
	}
	s.dir.nextID++
	g := &group{ID: s.dir.nextID, Name: name, Members: slices.Clone(memberIDs)}
	s.dir.groups[g.ID] = g
	return g.ID
}

// handleMemberOf is GET api/v2/members/memberof (the groups of the user
// logged in) and GET api/v2/members/{id}/memberof (of another user, which
// the spec shows only to an Administrator or User Administrator).
func (s *Server) handleMemberOf(c *call) (any, error) {
	id := c.userID()
	if c.r.PathValue("id") != "" {
		var err error
		if id, err = c.pathID("id"); err != nil {
			return nil, err
		}
	}
	u := s.dir.users[id]
	switch {
	case u == nil && s.dir.groups[id] != nil:
		return nil, errorf(http.StatusInternalServerError, "Invalid user %d", id)
	case u == nil:
		return nil, errorf(http.StatusInternalServerError, "Could not get a member for %d", id)
	case id != c.userID() && (c.user == nil || !c.user.Admin):
		// The spec names no answer for this case; the server's usual
		// answer to a member call without the privilege.
		return nil, errorf(http.StatusForbidden, "You do not have permission to view the group membership of this user.")
	}
	var ids []int64
	for gid, g := range s.dir.groups {
		if !g.Deleted && (u.GroupID == gid || slices.Contains(g.Members, id)) {
			ids = append(ids, gid)
		}
	}
	slices.Sort(ids)
	sortMembers(s, ids, "asc_name")
	return s.memberPageLocked(c, ids)
}
