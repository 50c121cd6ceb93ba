package xecm

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// MyNodesOptions filters and pages the current user's node lists
// (Reserved, RecentlyAccessed).
type MyNodesOptions struct {
	// ListOptions pages the result.
	ListOptions
	// WhereName keeps the items whose name contains the text.
	WhereName string
	// Sort orders the result by a column, such as "asc_name" or
	// "desc_modify_date". Without it Reserved is sorted by name and
	// RecentlyAccessed keeps the server's order.
	Sort string
}

func (o *MyNodesOptions) query() (url.Values, ListOptions) {
	q := url.Values{}
	if o == nil {
		return q, ListOptions{}
	}
	if o.WhereName != "" {
		q.Set("where_name", o.WhereName)
	}
	if o.Sort != "" {
		q.Set("sort", o.Sort)
	}
	return q, o.ListOptions
}

// Reserved returns one page of the items the current user has reserved
// (checked out), for a dashboard of "my checked-out documents": those
// reserved through Nodes.Reserve or the Smart UI alike.
//
// OpenText API: GET api/v2/members/reserved
func (s *MembersService) Reserved(ctx context.Context, opts *MyNodesOptions) (_ *Page[*Node], err error) {
	const op = "Members.Reserved"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	q, lo := opts.query()
	return s.nodePage(ctx, op, "v2/members/reserved", q, lo)
}

// ReservedIter returns an iterator over every item the current user has
// reserved, fetching pages lazily. The options are copied, never changed.
func (s *MembersService) ReservedIter(ctx context.Context, opts *MyNodesOptions) iter.Seq2[*Node, error] {
	q, start := opts.query()
	return paginate(ctx, pager[*Node]{
		start: start,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*Node], error) {
			return s.nodePage(ctx, "Members.ReservedIter", "v2/members/reserved", q, lo)
		},
		key: func(n *Node) int64 { return n.ID },
	})
}

// MaxRecentlyAccessed is the most items the server keeps in a user's
// recently accessed list.
const MaxRecentlyAccessed = 25

// AccessedOptions filters RecentlyAccessed.
type AccessedOptions struct {
	MyNodesOptions
	// Types keeps items of these subtypes (TypeDocument, ...).
	Types []int
	// ParentID keeps items in this container or below it.
	ParentID int64
}

// AccessedNode is an item of the recently accessed list with the time the
// user last accessed it.
type AccessedNode struct {
	Node
	// AccessedAt is when the user last accessed the item.
	AccessedAt Time
}

// RecentlyAccessed returns one page of the items the current user
// accessed last (at most MaxRecentlyAccessed in all), for a "continue
// where you left off" dashboard.
//
// OpenText API: GET api/v2/members/accessed
func (s *MembersService) RecentlyAccessed(ctx context.Context, opts *AccessedOptions) (_ *Page[*AccessedNode], err error) {
	const op = "Members.RecentlyAccessed"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	var q url.Values
	var lo ListOptions
	if opts != nil {
		q, lo = opts.MyNodesOptions.query()
		for _, t := range opts.Types {
			if t < 0 {
				return nil, invalidArg(op, "Types: %d is no subtype", t)
			}
			q.Add("where_type", strconv.Itoa(t))
		}
		if opts.ParentID < 0 {
			return nil, invalidArg(op, "ParentID must not be negative, got %d", opts.ParentID)
		}
		if opts.ParentID > 0 {
			q.Set("where_parent_id", strconv.FormatInt(opts.ParentID, 10))
		}
	} else {
		q = url.Values{}
	}
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	setListOptions(q, lo)
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[struct {
			Data struct {
				Properties     nodeWire `json:"properties"`
				PropertiesUser struct {
					AccessDateLast Time `json:"access_date_last"`
				} `json:"properties_user"`
			} `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/members/accessed", query: q}, &env); err != nil {
		return nil, err
	}
	items := make([]*AccessedNode, len(env.Results))
	for i, r := range env.Results {
		items[i] = &AccessedNode{Node: r.Data.Properties.node(), AccessedAt: r.Data.PropertiesUser.AccessDateLast}
	}
	return newPage(items, env.Paging()), nil
}

// nodePage reads one page of a members-area list of nodes.
func (s *MembersService) nodePage(ctx context.Context, op, path string, q url.Values, lo ListOptions) (*Page[*Node], error) {
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[nodeResult] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: listQuery(q, lo)}, &env); err != nil {
		return nil, err
	}
	return nodesPage(env.Results, env.Paging()), nil
}
