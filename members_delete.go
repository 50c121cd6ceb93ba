package xecm

import (
	"context"
	"net/http"
	"strconv"
)

// Delete deletes a user or group. Content Server keeps the record,
// marked deleted (Get still returns it, with Deleted set), leaves it out
// of List and group member lists, ends its group memberships, and refuses
// a deleted user's log-in. The server refuses an unknown member with a
// 500 ("Could not get a member", matching ErrNotFound), a caller without
// the right to administer users with an *APIError, and a member already
// deleted with a 500 "Could not delete member {id}, already deleted",
// which matches ErrNotFound: a retried Delete whose first attempt went
// through reports that, so callers that only want the member gone may
// treat ErrNotFound as done.
//
// OpenText API: DELETE api/v2/members/{id}
func (s *MembersService) Delete(ctx context.Context, id int64) (err error) {
	const op = "Members.Delete"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "member ID", id); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: "v2/members/" + strconv.FormatInt(id, 10)}, nil)
}
