package xecm

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// RMItemsOptions selects one page of the items under a hold or a
// classification. Zero values leave the choice to the server (page 1, 25
// items, its own order).
type RMItemsOptions struct {
	Page  int
	Limit int
	// Sort orders the items, such as "asc_name" or "desc_name".
	Sort string
}

// HoldItems returns one page of the items a hold is applied to.
//
// A hold that does not exist, or that the user cannot see, fails with an
// error matching ErrNotFound (the server's 400 "The item you requested
// could not be accessed").
//
// OpenText API: GET api/v2/holditems/{id} (the first page), GET
// api/v2/holditems/{id}/page?page= (the others)
func (s *RecordsService) HoldItems(ctx context.Context, holdID int64, opts *RMItemsOptions) (_ *Page[Node], err error) {
	ctx, observed := s.c.startOp(ctx, "Records.HoldItems")
	defer observed.end(&err)
	if err := checkID("Records.HoldItems", "hold ID", holdID); err != nil {
		return nil, err
	}
	var o RMItemsOptions
	if opts != nil {
		o = *opts
	}
	return s.holdItems(ctx, holdID, o)
}

func (s *RecordsService) holdItems(ctx context.Context, holdID int64, o RMItemsOptions) (*Page[Node], error) {
	path, q, err := rmItemsRequest("Records.HoldItems", "v2/holditems/"+strconv.FormatInt(holdID, 10), o)
	if err != nil {
		return nil, err
	}
	// view_HoldItems: collection.paging and the items' properties as the
	// elements of "results".
	var env struct {
		envelope.Paged
		Results []Node `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	return rmItemsPage(env.Results, env.Paging(), o), nil
}

// HoldItemsIter returns an iterator over all the items a hold is applied
// to, fetching pages lazily. The options are copied, never changed.
func (s *RecordsService) HoldItemsIter(ctx context.Context, holdID int64, opts *RMItemsOptions) iter.Seq2[Node, error] {
	return rmItemsIter(ctx, holdID, opts, s.HoldItems)
}

// rmItemsRequest is the path and query of one page of a hold's or
// classification's items: the first page has its own route, the others
// take the page number on ".../page".
func rmItemsRequest(op, base string, o RMItemsOptions) (string, url.Values, error) {
	if o.Page < 0 || o.Limit < 0 {
		return "", nil, invalidArg(op, "page and limit must not be negative")
	}
	q := url.Values{}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Sort != "" {
		q.Set("sort", o.Sort)
	}
	if o.Page <= 1 {
		return base, q, nil
	}
	q.Set("page", strconv.Itoa(o.Page))
	return base + "/page", q, nil
}

func rmItemsPage(items []Node, pg envelope.Paging, o RMItemsOptions) *Page[Node] {
	p := newPage(items, pg)
	if p.Page == 0 {
		p.Page = max(o.Page, 1)
	}
	return p
}

// rmItemsIter walks the pages of a hold's or classification's items.
func rmItemsIter(ctx context.Context, id int64, opts *RMItemsOptions, list func(context.Context, int64, *RMItemsOptions) (*Page[Node], error)) iter.Seq2[Node, error] {
	var start RMItemsOptions
	if opts != nil {
		start = *opts
	}
	return paginate(ctx, pager[Node]{
		start: ListOptions{Page: start.Page, Limit: start.Limit},
		fetch: func(ctx context.Context, lo ListOptions) (*Page[Node], error) {
			o := start
			o.Page, o.Limit = lo.Page, lo.Limit
			return list(ctx, id, &o)
		},
		key: func(n Node) int64 { return n.ID },
	})
}
