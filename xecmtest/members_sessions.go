package xecmtest

import "net/http"

// Sessions ended: DELETE api/v2/members/sessions (the spec's
// DeleteMemberSessions: "Delete the current sessions of the currently
// logged in user") and DELETE api/v2/members/{id}/sessions
// (DeleteMemberIDSessions: "... of the specified user"), with the spec's
// answers: 400 "Could not get a member for {id}" and 403 "Insufficient
// Privileges" (the simulator's administrators hold the privilege). Every
// ticket of an ended session stops working; a client holding the user's
// password or OTDS credential logs in again. results.deleted says whether
// a session was ended (an assumption: the spec shows the flag, not when it
// is false). GET api/v2/members/sessions is not served: its answer (lists
// of date pairs and times per session) is not documented beyond its schema.

func (s *Server) installMembersSessions() {
	s.api("DELETE /v2/members/sessions", s.handleEndSessions)
	s.api("DELETE /v2/members/{id}/sessions", s.handleEndSessions)
}

func (s *Server) handleEndSessions(c *call) (any, error) {
	id := c.userID()
	if c.r.PathValue("id") != "" {
		var err error
		if id, err = c.pathID("id"); err != nil {
			return nil, err
		}
		if s.dir.users[id] == nil && s.dir.groups[id] == nil {
			return nil, errorf(http.StatusBadRequest, "Could not get a member for %d", id)
		}
		if id != c.userID() && (c.user == nil || !c.user.Admin) {
			return nil, errorf(http.StatusForbidden, "Insufficient Privileges")
		}
	}
	ended := false
	for sid, sess := range s.auth.sessions {
		if sess.userID == id {
			s.closeSessionLocked(sid)
			ended = true
		}
	}
	if s.sessionOfTicket(c.ticket) == nil {
		c.ticket = "" // the caller's own session ended: no ticket to rotate
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"deleted": ended}}, nil
}
