package xecmtest

import (
	"net/http"
	"slices"
)

// Users and groups deleted: DELETE api/v2/members/{id} (the spec's
// DeleteMember2). Content Server keeps a deleted member's record: the
// spec's second-delete answer is "Could not delete member {id}, already
// deleted", and member records carry a "deleted" flag (PYX docstring of
// the user properties). So the simulator marks the member deleted: GET
// api/v2/members/{id} still shows it (deleted true, as nodes it owns still
// name it), searches, group member lists and memberof leave it out, its
// memberships end, and a deleted user's tickets and password stop working.
// A new member may take the name of a deleted one (an assumption: the spec
// says nothing about names of deleted members).
//
// The spec names no answer for a caller without the right to delete
// members; the simulator answers as it does for updates ("Insufficient
// privileges"). The users and groups of a deleted group's members keep
// their other groups; a user whose department (group_id) is deleted keeps
// it as group_id, as the spec names no answer that refuses the delete.

func (s *Server) installMembersDelete() {
	s.api("DELETE /v2/members/{id}", s.handleDeleteMember)
}

func (s *Server) handleDeleteMember(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	u, g := s.dir.users[id], s.dir.groups[id]
	switch {
	case u == nil && g == nil:
		return nil, errorf(http.StatusInternalServerError, "Could not get a member for %d", id)
	case c.user == nil || !c.user.Admin:
		return nil, errorf(http.StatusInternalServerError, "Could not get a member for %d, Insufficient privileges", id)
	case u != nil && u.Deleted || g != nil && g.Deleted:
		return nil, errorf(http.StatusInternalServerError, "Could not delete member %d, already deleted", id)
	}
	if u != nil {
		u.Deleted = true
	} else {
		g.Deleted = true
	}
	for _, other := range s.dir.groups {
		other.Members = slices.DeleteFunc(other.Members, func(m int64) bool { return m == id })
	}
	return c.emptyResults(), nil
}

// liveMemberLocked reports whether id is a user or group not deleted.
func (s *Server) liveMemberLocked(id int64) bool {
	if u := s.dir.users[id]; u != nil {
		return !u.Deleted
	}
	g := s.dir.groups[id]
	return g != nil && !g.Deleted
}
