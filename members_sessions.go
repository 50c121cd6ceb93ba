package xecm

import (
	"context"
	"net/http"
	"strconv"
)

// EndSessions ends every Content Server session of a user: their tickets
// stop working at once, for offboarding or after a leaked credential (pair
// it with Update or Delete, as a client holding the password logs in
// again). userID 0 ends the current user's own sessions, this client's
// included (it logs in again on its next call). It reports whether a
// session was ended. Only an administrator may end another user's
// sessions (403, matching ErrForbidden); an unknown member is refused with
// a 400 ("Could not get a member", matching ErrNotFound).
//
// OpenText API: DELETE api/v2/members/{id}/sessions,
// DELETE api/v2/members/sessions
func (s *MembersService) EndSessions(ctx context.Context, userID int64) (_ bool, err error) {
	const op = "Members.EndSessions"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if userID < 0 {
		return false, invalidArg(op, "user ID must not be negative, got %d", userID)
	}
	path := "v2/members/sessions"
	if userID > 0 {
		path = "v2/members/" + strconv.FormatInt(userID, 10) + "/sessions"
	}
	var env struct {
		Results struct {
			Deleted bool `json:"deleted"`
		} `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodDelete, path: path}, &env); err != nil {
		return false, err
	}
	return env.Results.Deleted, nil
}
