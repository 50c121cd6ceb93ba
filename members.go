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

// MembersService works with users and groups.
type MembersService service

// MemberType tells users from groups.
type MemberType int

// Member types.
const (
	MemberUser  MemberType = 0
	MemberGroup MemberType = 1
)

// MaxMembersPageSize is the largest page the members API serves; the SDK
// pages transparently past it.
const MaxMembersPageSize = 20

// Member is a user or a group.
type Member struct {
	ID          int64
	Type        MemberType
	Name        string // log-in name of a user, name of a group
	DisplayName string
	FirstName   string
	LastName    string
	MiddleName  string
	Email       string
	Title       string
	GroupID     int64 // a user's department (default group)
	LeaderID    int64 // a group's leader
	// PhotoID is the document holding a user's profile photo (0: none);
	// Photo streams it.
	PhotoID int64
	// Deleted is set on a member deleted (Delete): the server keeps it.
	Deleted bool
}

// IsGroup reports whether the member is a group.
func (m *Member) IsGroup() bool { return m.Type == MemberGroup }

// UnmarshalJSON reads the wire form of a member's properties.
func (m *Member) UnmarshalJSON(b []byte) error {
	var w struct {
		ID            flexInt64 `json:"id"`
		Type          flexInt64 `json:"type"`
		Name          string    `json:"name"`
		NameFormatted string    `json:"name_formatted"`
		DisplayName   string    `json:"display_name"`
		FirstName     string    `json:"first_name"`
		LastName      string    `json:"last_name"`
		MiddleName    *string   `json:"middle_name"`
		Email         string    `json:"business_email"`
		Title         string    `json:"title"`
		GroupID       flexInt64 `json:"group_id"`
		LeaderID      flexInt64 `json:"leader_id"`
		PhotoID       flexInt64 `json:"photo_id"`
		Deleted       bool      `json:"deleted"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = Member{ID: int64(w.ID), Type: MemberType(w.Type), Name: w.Name, DisplayName: firstNonEmpty(w.DisplayName, w.NameFormatted, w.Name),
		FirstName: w.FirstName, LastName: w.LastName, Email: w.Email, Title: w.Title,
		GroupID: int64(w.GroupID), LeaderID: int64(w.LeaderID), PhotoID: int64(w.PhotoID), Deleted: w.Deleted}
	if w.MiddleName != nil {
		m.MiddleName = *w.MiddleName
	}
	return nil
}

type memberResult struct {
	envelope.Single
	Data struct {
		Properties Member `json:"properties"`
	} `json:"data"`
}

// Me returns the authenticated user.
//
// OpenText API: GET api/v1/auth
func (s *MembersService) Me(ctx context.Context) (_ *Member, err error) {
	ctx, observed := s.c.startOp(ctx, "Members.Me")
	defer observed.end(&err)
	var env struct {
		Data Member `json:"data"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v1/auth"}, &env); err != nil {
		return nil, err
	}
	if env.Data.ID == 0 {
		return nil, malformed(http.MethodGet, "v1/auth", "no user id in the response")
	}
	return &env.Data, nil
}

// Get returns a user or group.
//
// OpenText API: GET api/v2/members/{id}
func (s *MembersService) Get(ctx context.Context, id int64) (_ *Member, err error) {
	ctx, observed := s.c.startOp(ctx, "Members.Get")
	defer observed.end(&err)
	if err := checkID("Members.Get", "member ID", id); err != nil {
		return nil, err
	}
	var env struct {
		Results memberResult `json:"results"`
	}
	path := "v2/members/" + strconv.FormatInt(id, 10)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	m := env.Results.Data.Properties
	if m.ID == 0 && m.Name == "" {
		return nil, malformed(http.MethodGet, path, "no member properties in the response")
	}
	if m.ID == 0 {
		m.ID = id
	}
	return &m, nil
}

// MemberListOptions filters and pages List. Query cannot be combined
// with the Where fields (the server refuses it).
type MemberListOptions struct {
	// ListOptions pages the result. A Limit above MaxMembersPageSize is
	// served by several requests, transparently.
	ListOptions
	// Types keeps users, groups or both (both when empty).
	Types []MemberType
	// Query matches log-in names, first and last names, e-mail addresses
	// and group names containing the text.
	Query string
	// WhereName, WhereFirstName, WhereLastName and WhereEmail match those fields.
	WhereName, WhereFirstName, WhereLastName, WhereEmail string
	// Sort orders the result, such as "asc_name" or "desc_last_name".
	Sort string
}

func (o *MemberListOptions) query(op string) (url.Values, error) {
	q := url.Values{}
	if o == nil {
		return q, nil
	}
	for _, t := range o.Types {
		if t != MemberUser && t != MemberGroup {
			return nil, invalidArg(op, "Types: %d is neither MemberUser (0) nor MemberGroup (1)", int(t))
		}
		q.Add("where_type", strconv.Itoa(int(t)))
	}
	where := map[string]string{"where_name": o.WhereName, "where_first_name": o.WhereFirstName,
		"where_last_name": o.WhereLastName, "where_business_email": o.WhereEmail}
	for k, v := range where {
		if v != "" {
			if o.Query != "" {
				return nil, invalidArg(op, "Query cannot be combined with %s", k)
			}
			q.Set(k, v)
		}
	}
	if o.Query != "" {
		q.Set("query", o.Query)
	}
	if o.Sort != "" {
		q.Set("sort", o.Sort)
	}
	return q, nil
}

// List returns one page of users and groups matching the options.
//
// OpenText API: GET api/v2/members
func (s *MembersService) List(ctx context.Context, opts *MemberListOptions) (_ *Page[*Member], err error) {
	ctx, observed := s.c.startOp(ctx, "Members.List")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = opts.ListOptions
	}
	q, err := opts.query("Members.List")
	if err != nil {
		return nil, err
	}
	return s.pageOf(ctx, "Members.List", "v2/members", q, lo)
}

// ListIter returns an iterator over every user and group matching the
// options, fetching pages lazily. The options are copied, never changed.
func (s *MembersService) ListIter(ctx context.Context, opts *MemberListOptions) iter.Seq2[*Member, error] {
	var start ListOptions
	if opts != nil {
		start = opts.ListOptions
	}
	q, err := opts.query("Members.ListIter")
	return s.iterate(ctx, "Members.ListIter", "v2/members", q, err, start)
}

// GroupMembersOptions filters and pages GroupMembers.
type GroupMembersOptions struct {
	// ListOptions pages the result; see MemberListOptions.
	ListOptions
	// Sort orders the result, such as "asc_name".
	Sort string
}

// GroupMembers returns one page of the users and groups in a group.
//
// OpenText API: GET api/v2/members/{id}/members
func (s *MembersService) GroupMembers(ctx context.Context, groupID int64, opts *GroupMembersOptions) (_ *Page[*Member], err error) {
	ctx, observed := s.c.startOp(ctx, "Members.GroupMembers")
	defer observed.end(&err)
	if err := checkID("Members.GroupMembers", "group ID", groupID); err != nil {
		return nil, err
	}
	var lo ListOptions
	q := url.Values{}
	if opts != nil {
		lo = opts.ListOptions
		if opts.Sort != "" {
			q.Set("sort", opts.Sort)
		}
	}
	return s.pageOf(ctx, "Members.GroupMembers", "v2/members/"+strconv.FormatInt(groupID, 10)+"/members", q, lo)
}

// GroupMembersIter returns an iterator over every member of a group.
func (s *MembersService) GroupMembersIter(ctx context.Context, groupID int64, opts *GroupMembersOptions) iter.Seq2[*Member, error] {
	err := checkID("Members.GroupMembersIter", "group ID", groupID)
	var start ListOptions
	q := url.Values{}
	if opts != nil {
		start = opts.ListOptions
		if opts.Sort != "" {
			q.Set("sort", opts.Sort)
		}
	}
	return s.iterate(ctx, "Members.GroupMembersIter", "v2/members/"+strconv.FormatInt(groupID, 10)+"/members", q, err, start)
}

func (s *MembersService) iterate(ctx context.Context, op, path string, q url.Values, qerr error, start ListOptions) iter.Seq2[*Member, error] {
	return paginate(ctx, pager[*Member]{
		start: start,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*Member], error) {
			if qerr != nil {
				return nil, qerr
			}
			return s.pageOf(ctx, op, path, q, lo)
		},
		key: func(m *Member) int64 { return m.ID },
	})
}

// pageOf returns page lo of a members collection. The server serves at
// most MaxMembersPageSize items a page, so a larger Limit is assembled from
// several server pages, and the paging numbers are given in terms of Limit.
func (s *MembersService) pageOf(ctx context.Context, op, path string, q url.Values, lo ListOptions) (*Page[*Member], error) {
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	if lo.Limit <= MaxMembersPageSize {
		return s.serverPage(ctx, path, q, lo)
	}
	page := max(lo.Page, 1)
	first := (page - 1) * lo.Limit // index of the first wanted item
	sp := first/MaxMembersPageSize + 1
	skip := first % MaxMembersPageSize
	out := &Page[*Member]{Page: page, Limit: lo.Limit}
	for len(out.Items) < lo.Limit {
		p, err := s.serverPage(ctx, path, q, ListOptions{Page: sp, Limit: MaxMembersPageSize})
		if err != nil {
			return nil, err
		}
		items := p.Items
		if skip > 0 {
			items = items[min(skip, len(items)):]
			skip = 0
		}
		items = items[:min(len(items), lo.Limit-len(out.Items))]
		out.Items = append(out.Items, items...)
		out.TotalCount = p.TotalCount
		if len(p.Items) < MaxMembersPageSize || (p.PageTotal > 0 && sp >= p.PageTotal) {
			break
		}
		sp++
	}
	if out.TotalCount > 0 {
		out.PageTotal = (out.TotalCount + lo.Limit - 1) / lo.Limit
	}
	return out, nil
}

func (s *MembersService) serverPage(ctx context.Context, path string, q url.Values, lo ListOptions) (*Page[*Member], error) {
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[memberResult] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: listQuery(q, lo)}, &env); err != nil {
		return nil, err
	}
	items := make([]*Member, 0, len(env.Results))
	for i := range env.Results {
		items = append(items, &env.Results[i].Data.Properties)
	}
	return newPage(items, env.Paging()), nil
}
