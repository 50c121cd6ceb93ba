package xecm

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// memberOfPath is the groups of userID; 0 names the current user.
func memberOfPath(userID int64) string {
	if userID == 0 {
		return "v2/members/memberof"
	}
	return "v2/members/" + strconv.FormatInt(userID, 10) + "/memberof"
}

// MemberOf returns one page of the groups a user belongs to, their
// default group among them; userID 0 means the current user. The server
// serves at most MaxMembersPageSize groups a page; a larger Limit is
// assembled from several. Only an administrator may read another user's
// groups (an *APIError otherwise); a group's ID is refused with a 500
// ("Invalid user"), an unknown ID with a 500 ("Could not get a member").
//
// OpenText API: GET api/v2/members/memberof, GET api/v2/members/{id}/memberof
func (s *MembersService) MemberOf(ctx context.Context, userID int64, opts *ListOptions) (_ *Page[*Member], err error) {
	const op = "Members.MemberOf"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if userID < 0 {
		return nil, invalidArg(op, "user ID must not be negative, got %d", userID)
	}
	var lo ListOptions
	if opts != nil {
		lo = *opts
	}
	return s.pageOf(ctx, op, memberOfPath(userID), url.Values{}, lo)
}

// MemberOfIter returns an iterator over every group a user belongs to
// (userID 0: the current user).
func (s *MembersService) MemberOfIter(ctx context.Context, userID int64) iter.Seq2[*Member, error] {
	const op = "Members.MemberOfIter"
	var err error
	if userID < 0 {
		err = invalidArg(op, "user ID must not be negative, got %d", userID)
	}
	return s.iterate(ctx, op, memberOfPath(userID), url.Values{}, err, ListOptions{})
}

// AddGroupMembers adds users and groups to a group; a member already in
// it stays once. Only a user with the right to modify groups may do so:
// the server refuses others, an unknown group and an ID that is no user or
// group with a 500 (an *APIError naming the cause). Adding is
// idempotent, so the call is retried like any update.
//
// OpenText API: POST api/v2/members/{id}/members
func (s *MembersService) AddGroupMembers(ctx context.Context, groupID int64, memberIDs ...int64) error {
	return s.writeGroupMembers(ctx, "Members.AddGroupMembers", http.MethodPost, groupID, memberIDs)
}

// RemoveGroupMembers removes users and groups from a group; one that is
// not in it is left alone. It fails as AddGroupMembers does.
//
// OpenText API: DELETE api/v2/members/{id}/members
func (s *MembersService) RemoveGroupMembers(ctx context.Context, groupID int64, memberIDs ...int64) error {
	return s.writeGroupMembers(ctx, "Members.RemoveGroupMembers", http.MethodDelete, groupID, memberIDs)
}

// writeGroupMembers sends member_id as the POST's form or the DELETE's
// query, as the spec declares each.
func (s *MembersService) writeGroupMembers(ctx context.Context, op, method string, groupID int64, memberIDs []int64) (err error) {
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	ids, err := groupMemberIDs(op, groupID, memberIDs)
	if err != nil {
		return err
	}
	r := &request{method: method, path: "v2/members/" + strconv.FormatInt(groupID, 10) + "/members"}
	if method == http.MethodPost {
		r.form, r.idempotent = url.Values{"member_id": ids}, true
	} else {
		r.query = url.Values{"member_id": ids}
	}
	return s.c.do(ctx, r, nil)
}

func groupMemberIDs(op string, groupID int64, memberIDs []int64) ([]string, error) {
	if err := checkID(op, "group ID", groupID); err != nil {
		return nil, err
	}
	if len(memberIDs) == 0 {
		return nil, invalidArg(op, "no member IDs")
	}
	ids := make([]string, 0, len(memberIDs))
	for _, id := range memberIDs {
		if err := checkID(op, "member ID", id); err != nil {
			return nil, err
		}
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	return ids, nil
}
