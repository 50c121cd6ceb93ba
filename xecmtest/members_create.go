package xecmtest

import (
	"net/http"
	"strings"
)

// Users and groups created: POST api/v2/members (the spec's
// CreateMember2), with the spec's 500 answers. DELETE api/v2/members/{id}
// is not served: its "already deleted" answer says Content Server marks
// members deleted rather than removing them, which the simulator's
// directory does not model yet. The spec names no answer for a caller
// without the right to create members, nor for a name in use; the simulator
// answers those as it does group membership changes ("Insufficient
// privileges") and with "Could not create member, name already in use"
// (an assumption).

func (s *Server) installMembersCreate() {
	s.api("POST /v2/members", s.handleCreateMember)
}

func (s *Server) handleCreateMember(c *call) (any, error) {
	typ, ok, err := c.params.int64("type")
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "Invalid datatype specified for argument 'type'")
	}
	if !ok {
		typ = 0
	}
	if typ != 0 && typ != 1 {
		return nil, errorf(http.StatusInternalServerError, "Member type %d not registered", typ)
	}
	name, _ := c.params.str("name")
	if strings.TrimSpace(name) == "" {
		return nil, errorf(http.StatusInternalServerError, "Missing required parameter 'Name'")
	}
	if c.user == nil || !c.user.Admin {
		return nil, errorf(http.StatusInternalServerError, "Could not create member, Insufficient privileges")
	}
	for _, g := range s.dir.groups {
		if strings.EqualFold(g.Name, name) {
			return nil, errorf(http.StatusInternalServerError, "Could not create member, name already in use")
		}
	}
	if s.dir.userByName(name) != nil {
		return nil, errorf(http.StatusInternalServerError, "Could not create member, name already in use")
	}
	s.dir.nextID++
	id := s.dir.nextID
	if typ == 1 {
		s.dir.groups[id] = &group{ID: id, Name: name}
	} else {
		gid, ok, err := c.params.int64("group_id")
		if err != nil {
			return nil, err
		}
		if !ok || s.dir.groups[gid] == nil {
			return nil, errorf(http.StatusInternalServerError, "Missing required parameter 'Group'")
		}
		u := &user{ID: id, Name: name}
		u.Password, _ = c.params.str("password")
		u.FirstName, _ = c.params.str("first_name")
		u.LastName, _ = c.params.str("last_name")
		u.Email, _ = c.params.str("business_email")
		u.GroupID = gid
		s.dir.users[id] = u
		g := s.dir.groups[gid]
		g.Members = append(g.Members, id)
	}
	return map[string]any{"links": c.selfLinks(), "results": []any{map[string]any{"data": map[string]any{"properties": s.memberJSONLocked(id)}}}}, nil
}
