package xecm

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// MemberWorkspaceRole is the member type of a business workspace role in
// a workspace's team (pyxecm gives workspace roles type 848, "Business
// Workspace Role").
const MemberWorkspaceRole MemberType = 848

// TeamEntry is one entry of a workspace's team: a role with the first of
// the users and groups in it.
type TeamEntry struct {
	ID   int64
	Name string
	// Type is MemberWorkspaceRole for a role.
	Type MemberType
	// TypeName is the server's label of the type, such as "Business Workspace Role".
	TypeName string
	Leader   bool
	// InheritedFromID is the workspace the role is inherited from (0: its own).
	InheritedFromID int64
	// Members are the first users and groups in the role, at most
	// TeamOptions.MembersPerEntry of them; TeamMembers lists them all.
	Members []*Member
}

// UnmarshalJSON reads the wire form of a team entry (results[].data).
func (e *TeamEntry) UnmarshalJSON(b []byte) error {
	var w struct {
		Properties struct {
			ID            flexInt64 `json:"id"`
			Name          string    `json:"name"`
			Type          flexInt64 `json:"type"`
			TypeFormatted string    `json:"type_formatted"`
			Leader        bool      `json:"leader"`
			Inherited     flexInt64 `json:"inherited_from_id"`
		} `json:"properties"`
		Members []*Member `json:"members"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	p := w.Properties
	*e = TeamEntry{ID: int64(p.ID), Name: p.Name, Type: MemberType(p.Type), TypeName: p.TypeFormatted, Leader: p.Leader,
		InheritedFromID: int64(p.Inherited), Members: w.Members}
	if e.Members == nil {
		e.Members = []*Member{}
	}
	return nil
}

// TeamOptions pages Team.
type TeamOptions struct {
	ListOptions
	// MembersPerEntry caps the members listed with each entry
	// (limit_members; zero: the server's default, 10).
	MembersPerEntry int
}

func teamPath(workspaceID int64) string {
	return "v2/businessworkspaces/" + strconv.FormatInt(workspaceID, 10) + "/members"
}

// Team returns one page of a workspace's team: its roles, the leader role
// first and then the others by name, each with its first members. It is
// the view of who has access to a workspace through its roles, such as
// the external suppliers or auditors given a role.
//
// It fails with an error matching ErrNotFound when the workspace does not
// exist or is not visible to the user.
//
// OpenText API: GET api/v2/businessworkspaces/{id}/members
func (s *WorkspacesService) Team(ctx context.Context, workspaceID int64, opts *TeamOptions) (_ *Page[*TeamEntry], err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Team")
	defer observed.end(&err)
	var o TeamOptions
	if opts != nil {
		o = *opts
	}
	return s.team(ctx, workspaceID, o.MembersPerEntry, o.ListOptions)
}

// TeamIter returns an iterator over a workspace's whole team, fetching
// pages lazily. The options are copied, never changed.
func (s *WorkspacesService) TeamIter(ctx context.Context, workspaceID int64, opts *TeamOptions) iter.Seq2[*TeamEntry, error] {
	var o TeamOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, pager[*TeamEntry]{
		start: o.ListOptions,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*TeamEntry], error) {
			return s.team(ctx, workspaceID, o.MembersPerEntry, lo)
		},
		key: func(e *TeamEntry) int64 { return e.ID },
	})
}

func (s *WorkspacesService) team(ctx context.Context, workspaceID int64, perEntry int, lo ListOptions) (*Page[*TeamEntry], error) {
	const op = "Workspaces.Team"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	if lo.Page < 0 || lo.Limit < 0 || perEntry < 0 {
		return nil, invalidArg(op, "page, limit and MembersPerEntry must not be negative")
	}
	q := url.Values{}
	if perEntry > 0 {
		q.Set("limit_members", strconv.Itoa(perEntry))
	}
	setListOptions(q, lo)
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[struct {
			Data TeamEntry `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: teamPath(workspaceID), query: q}, &env); err != nil {
		return nil, err
	}
	items := make([]*TeamEntry, 0, len(env.Results))
	for i := range env.Results {
		items = append(items, &env.Results[i].Data)
	}
	return newPage(items, env.Paging()), nil
}

// TeamMembers returns one page of the users and groups of one team entry
// (a role's ID from Team), by name.
//
// It fails with an error matching ErrNotFound when the workspace does not
// exist or entryID is not an entry of its team.
//
// OpenText API: GET api/v2/businessworkspaces/{id}/members/{member_id}/members
func (s *WorkspacesService) TeamMembers(ctx context.Context, workspaceID, entryID int64, opts *ListOptions) (_ *Page[*Member], err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.TeamMembers")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = *opts
	}
	return s.teamMembers(ctx, workspaceID, entryID, lo)
}

// TeamMembersIter returns an iterator over every user and group of one
// team entry, fetching pages lazily.
func (s *WorkspacesService) TeamMembersIter(ctx context.Context, workspaceID, entryID int64, opts *ListOptions) iter.Seq2[*Member, error] {
	var start ListOptions
	if opts != nil {
		start = *opts
	}
	return paginate(ctx, pager[*Member]{
		start: start,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*Member], error) {
			return s.teamMembers(ctx, workspaceID, entryID, lo)
		},
		key: func(m *Member) int64 { return m.ID },
	})
}

func (s *WorkspacesService) teamMembers(ctx context.Context, workspaceID, entryID int64, lo ListOptions) (*Page[*Member], error) {
	const op = "Workspaces.TeamMembers"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	if err := checkID(op, "team entry ID", entryID); err != nil {
		return nil, err
	}
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	q := url.Values{}
	setListOptions(q, lo)
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[memberResult] `json:"results"`
	}
	path := teamPath(workspaceID) + "/" + strconv.FormatInt(entryID, 10) + "/members"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	items := make([]*Member, 0, len(env.Results))
	for i := range env.Results {
		items = append(items, &env.Results[i].Data.Properties)
	}
	return newPage(items, env.Paging()), nil
}
