package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
)

// Group membership written: POST and DELETE api/v2/members/{id}/members
// (the spec's AddMember and RemoveMember). The spec's 500 answers are the
// simulator's: "Could not get a member for {id}, Insufficient privileges"
// for a caller without the right (the simulator's administrators hold it),
// "Could not set feature Member ID, value must be a Integer" for an ID that
// is no number, and "Could not add (delete) a member: 'Could not locate
// specified child name.'" for one that is no user or group.

func (s *Server) installMembersWrite() {
	for method, pair := range map[string][2]jsonHandler{
		http.MethodPost:   {s.handleAddGroupMembers, s.handleAddFavorite},
		http.MethodDelete: {s.handleRemoveGroupMembers, s.handleRemoveFavorite},
	} {
		s.apiOverlapping([]string{method + " /v2/members/{id}/members", method + " /v2/members/favorites/{id}"},
			method+" /v2/members/{id}/{sub}", memberPairDispatch(pair[0], pair[1]))
	}
}

// memberPairDispatch serves /v2/members/{id}/members with group and
// /v2/members/favorites/{id} with favorite, literal segments first as the
// server's URL mapping does; any other path is not mapped.
func memberPairDispatch(group, favorite jsonHandler) jsonHandler {
	return func(c *call) (any, error) {
		id, sub := c.r.PathValue("id"), c.r.PathValue("sub")
		switch {
		case id == "favorites":
			c.r.SetPathValue("id", sub)
			return favorite(c)
		case sub == "members":
			return group(c)
		}
		return nil, errorf(http.StatusBadRequest, "The REST API URL could not be found in the mappings registry.")
	}
}

// groupForWriteLocked is the path's group, if the caller may change it.
func (s *Server) groupForWriteLocked(c *call) (*group, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	g := s.dir.groups[id]
	if g == nil || g.Deleted || c.user == nil || !c.user.Admin {
		return nil, errorf(http.StatusInternalServerError, "Could not get a member for %d, Insufficient privileges", id)
	}
	return g, nil
}

// memberIDsLocked reads member_id: one or more user or group IDs.
func (s *Server) memberIDsLocked(raw []string, verb string) ([]int64, error) {
	if len(raw) == 0 {
		return nil, missing("member_id")
	}
	ids := make([]int64, 0, len(raw))
	for _, r := range raw {
		id, err := strconv.ParseInt(r, 10, 64)
		if err != nil {
			return nil, errorf(http.StatusInternalServerError, "Could not set feature Member ID, value must be a Integer")
		}
		if !s.liveMemberLocked(id) && verb == "add" || s.dir.users[id] == nil && s.dir.groups[id] == nil {
			return nil, errorf(http.StatusInternalServerError, "Could not %s a member: 'Could not locate specified child name.'", verb)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (s *Server) handleAddGroupMembers(c *call) (any, error) {
	g, err := s.groupForWriteLocked(c)
	if err != nil {
		return nil, err
	}
	ids, err := s.memberIDsLocked(c.params.all("member_id"), "add")
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if id != g.ID && !slices.Contains(g.Members, id) {
			g.Members = append(g.Members, id)
		}
	}
	return map[string]any{"links": c.selfLinks(), "results": []any{}}, nil
}

func (s *Server) handleRemoveGroupMembers(c *call) (any, error) {
	g, err := s.groupForWriteLocked(c)
	if err != nil {
		return nil, err
	}
	ids, err := s.memberIDsLocked(c.query["member_id"], "delete")
	if err != nil {
		return nil, err
	}
	g.Members = slices.DeleteFunc(g.Members, func(m int64) bool { return slices.Contains(ids, m) })
	return map[string]any{"links": c.selfLinks(), "results": []any{}}, nil
}
