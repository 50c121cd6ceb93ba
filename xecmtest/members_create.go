package xecmtest

import (
	"net/http"
	"slices"
	"strings"
)

// Users and groups created: POST api/v2/members (the spec's
// CreateMember2), with the spec's 500 answers. DELETE api/v2/members/{id}
// is served apart: its "already deleted" answer says Content Server marks
// members deleted rather than removing them; members_delete.go serves it. The spec names no answer for a caller
// without the right to create members, nor for a name in use; the simulator
// answers those as it does group membership changes ("Insufficient
// privileges") and with "Could not create member, name already in use"
// (an assumption).

func (s *Server) installMembersCreate() {
	s.api("POST /v2/members", s.handleCreateMember)
	s.api("PUT /v2/members/{id}", s.handleUpdateMember)
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
		if !g.Deleted && strings.EqualFold(g.Name, name) {
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
		if !ok || s.dir.groups[gid] == nil || s.dir.groups[gid].Deleted {
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

// handleUpdateMember changes a user's names, e-mail, password, department
// and profile photo (members_photo.go), or a group's name (PUT api/v2/members/{id}, the spec's
// UpdateMember); other fields the spec declares are not modelled and are
// refused rather than dropped. Administrators may change anyone.
func (s *Server) handleUpdateMember(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	u, g := s.dir.users[id], s.dir.groups[id]
	if !s.liveMemberLocked(id) {
		return nil, errorf(http.StatusInternalServerError, "Could not get a member for %d", id)
	}
	if c.user == nil || !c.user.Admin {
		return nil, errorf(http.StatusInternalServerError, "Could not get a member for %d, Insufficient privileges", id)
	}
	known := map[string]bool{"name": true, "first_name": u != nil, "last_name": u != nil, "business_email": u != nil, "password": u != nil, "group_id": u != nil, "photo_id": u != nil}
	if len(c.params.values) == 0 {
		return nil, errorf(http.StatusBadRequest, "Parameters are required for PUT, POST, and PATCH methods")
	}
	for k := range c.params.values {
		if !known[k] {
			return nil, invalid(k, "not modelled by the simulator")
		}
	}
	// Every value is checked before any is set: a refused update changes nothing.
	gid, setGroup, err := c.params.int64("group_id")
	if err != nil || setGroup && (s.dir.groups[gid] == nil || s.dir.groups[gid].Deleted) {
		return nil, errorf(http.StatusBadRequest, "Could not set feature Group, value must be an Integer")
	}
	if pid, ok, err := c.params.int64("photo_id"); err != nil {
		return nil, errorf(http.StatusBadRequest, "Could not set feature Photo, value must be an Integer")
	} else if ok {
		if err := s.setPhotoLocked(u, pid); err != nil {
			return nil, err
		}
	}
	if setGroup {
		u.GroupID = gid
		if g := s.dir.groups[gid]; !slices.Contains(g.Members, id) {
			g.Members = append(g.Members, id)
		}
	}
	if name, ok := c.params.str("name"); ok && strings.TrimSpace(name) != "" {
		if u != nil {
			u.Name = name
		} else {
			g.Name = name
		}
	}
	if u != nil {
		for k, p := range map[string]*string{"first_name": &u.FirstName, "last_name": &u.LastName, "business_email": &u.Email, "password": &u.Password} {
			if v, ok := c.params.str(k); ok {
				*p = v
			}
		}
	}
	return map[string]any{"links": c.selfLinks(), "results": []any{map[string]any{"data": map[string]any{"properties": s.memberJSONLocked(id)}}}}, nil
}
