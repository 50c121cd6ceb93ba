package xecm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// MemberCreate describes a user or group to create.
type MemberCreate struct {
	// Type is MemberUser or MemberGroup.
	Type MemberType
	// Name is a user's log-in name or a group's name. Required.
	Name string
	// GroupID is a user's department (default group). Required for a user.
	GroupID int64
	// FirstName, LastName, Email and Password are a user's.
	FirstName, LastName, Email string
	Password                   string
}

// Create creates a user or group and returns it. Only a user with the
// right to administer users may; the server refuses others, an unknown
// Type, a missing name or (for a user) department with a 500 (an
// *APIError naming the cause). The password is sent in the request body
// only, never in a URL or an error. An error matching ErrOutcomeUnknown
// means the member may have been created although no answer said so: look
// it up by name before creating it again.
//
// OpenText API: POST api/v2/members
func (s *MembersService) Create(ctx context.Context, m MemberCreate) (_ *Member, err error) {
	const op = "Members.Create"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	switch {
	case m.Type != MemberUser && m.Type != MemberGroup:
		return nil, invalidArg(op, "unknown member type %d", m.Type)
	case strings.TrimSpace(m.Name) == "":
		return nil, invalidArg(op, "no name")
	case m.Type == MemberUser && m.GroupID <= 0:
		return nil, invalidArg(op, "a user needs a GroupID (department), got %d", m.GroupID)
	}
	f := url.Values{"type": {strconv.Itoa(int(m.Type))}, "name": {m.Name}}
	if m.Type == MemberUser {
		f.Set("group_id", strconv.FormatInt(m.GroupID, 10))
		for k, v := range map[string]string{"first_name": m.FirstName, "last_name": m.LastName, "business_email": m.Email, "password": m.Password} {
			if v != "" {
				f.Set(k, v)
			}
		}
	}
	var env struct {
		Results memberResult `json:"results"`
	}
	const path = "v2/members"
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: path, form: f}, &env); err != nil {
		return nil, err
	}
	out := env.Results.Data.Properties
	if out.ID == 0 {
		return nil, malformed(http.MethodPost, path, "no member id in the response")
	}
	return &out, nil
}

// MemberUpdate is a change to a user or group; empty fields stay as they
// are. A group takes only Name.
type MemberUpdate struct {
	Name                       string
	FirstName, LastName, Email string
	Password                   string
	// GroupID moves a user to another department (default group).
	GroupID int64
	// PhotoID makes a document the user's profile photo (Photo streams
	// it); the server refuses an ID that is no document.
	PhotoID int64
}

// Update changes a user or group and returns it as changed. The server
// refuses a caller without the right to administer users, an unknown
// member and an unknown department with an *APIError; an update without
// a field to change wraps ErrInvalidArgument. Setting the same values
// again is harmless, so the call is retried like any update.
//
// OpenText API: PUT api/v2/members/{id}
func (s *MembersService) Update(ctx context.Context, id int64, m MemberUpdate) (_ *Member, err error) {
	const op = "Members.Update"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "member ID", id); err != nil {
		return nil, err
	}
	f := url.Values{}
	for k, v := range map[string]string{"name": m.Name, "first_name": m.FirstName, "last_name": m.LastName, "business_email": m.Email, "password": m.Password} {
		if v != "" {
			f.Set(k, v)
		}
	}
	for k, v := range map[string]int64{"group_id": m.GroupID, "photo_id": m.PhotoID} {
		if v < 0 {
			return nil, invalidArg(op, "%s must not be negative, got %d", k, v)
		}
		if v > 0 {
			f.Set(k, strconv.FormatInt(v, 10))
		}
	}
	if len(f) == 0 {
		return nil, invalidArg(op, "nothing to change")
	}
	var env struct {
		Results memberResult `json:"results"`
	}
	path := "v2/members/" + strconv.FormatInt(id, 10)
	if err := s.c.do(ctx, &request{method: http.MethodPut, path: path, form: f}, &env); err != nil {
		return nil, err
	}
	out := env.Results.Data.Properties
	if out.ID == 0 {
		return nil, malformed(http.MethodPut, path, "no member in the response")
	}
	return &out, nil
}
