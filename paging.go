package xecm

import (
	"context"
	"iter"
	"net/url"

	"github.com/xecm-go/xecm/internal/envelope"
)

// ListOptions selects one page of a collection. Page is 1-based; zero values
// leave the choice to the server (page 1, the server's default limit).
type ListOptions struct {
	Page  int
	Limit int
}

// Page is one page of a collection.
type Page[T any] struct {
	Items      []T
	Page       int // 1-based number of this page
	Limit      int // page size the server applied
	PageTotal  int // number of pages, when the server says
	TotalCount int // number of items in the collection, when the server says

	// received counts the items the server sent, where the SDK filtered
	// some out; zero means len(Items).
	received int
}

func (p *Page[T]) receivedCount() int {
	if p.received > len(p.Items) {
		return p.received
	}
	return len(p.Items)
}

// HasNext reports whether the server says another page follows this one.
func (p *Page[T]) HasNext() bool { return p.Page < p.PageTotal }

// listQuery is a copy of q with the page and limit of lo added.
func listQuery(q url.Values, lo ListOptions) url.Values {
	query := make(url.Values, len(q)+2)
	for k, v := range q {
		query[k] = v
	}
	setListOptions(query, lo)
	return query
}

func newPage[T any](items []T, pg envelope.Paging) *Page[T] {
	return &Page[T]{Items: items, Page: pg.Page, Limit: pg.Limit, PageTotal: pg.PageTotal, TotalCount: pg.TotalCount}
}

// pager describes how an iterator walks a collection.
type pager[T any] struct {
	start ListOptions
	fetch func(ctx context.Context, lo ListOptions) (*Page[T], error)
	// key identifies an item, to notice a server that repeats a page.
	key func(T) int64
	// stopOnShort ends the walk on a page shorter than the limit, for
	// endpoints (search) that return results for pages out of range.
	stopOnShort bool
}

// paginate returns a lazy iterator over every item of a collection. It
// fetches nothing until ranged over, stops fetching when the loop breaks, and
// yields an error once, with a zero item, then stops. It stops on an empty
// page, on page >= page_total, and when the server sends the same page again.
func paginate[T any](ctx context.Context, p pager[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		lo := p.start
		if lo.Page <= 0 {
			lo.Page = 1
		}
		prevPage, prevFirst, havePrev := 0, int64(0), false
		for {
			page, err := p.fetch(ctx, lo)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if page.receivedCount() == 0 {
				return
			}
			if havePrev && len(page.Items) > 0 {
				repeated := page.Page != 0 && page.Page <= prevPage
				if !repeated && p.key != nil {
					repeated = p.key(page.Items[0]) == prevFirst
				}
				if repeated {
					return
				}
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if page.PageTotal > 0 && lo.Page >= page.PageTotal {
				return
			}
			limit := lo.Limit
			if limit == 0 {
				limit = page.Limit
			}
			if p.stopOnShort && limit > 0 && page.receivedCount() < limit {
				return
			}
			if page.PageTotal == 0 && !p.stopOnShort && limit > 0 && page.receivedCount() < limit {
				// No page count: a short page is the last one.
				return
			}
			prevPage, havePrev = page.Page, true
			if p.key != nil && len(page.Items) > 0 {
				prevFirst = p.key(page.Items[0])
			}
			lo.Page++
		}
	}
}
