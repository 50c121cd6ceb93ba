package xecm_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// browsePage renders one v2 browse page of ids [from, to] in the
// collection.paging layout.
func browsePage(page, limit, total int) string {
	var items []string
	for i := (page-1)*limit + 1; i <= min(page*limit, total); i++ {
		items = append(items, fmt.Sprintf(`{"data":{"properties":{"id":%d,"name":"n%d"}}}`, i, i))
	}
	pages := (total + limit - 1) / limit
	return fmt.Sprintf(`{"collection":{"paging":{"limit":%d,"page":%d,"page_total":%d,"total_count":%d}},"results":[%s]}`,
		limit, page, pages, total, strings.Join(items, ","))
}

func pagedResponder(limit, total int) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		page := 1
		fmt.Sscan(r.URL.Query().Get("page"), &page)
		return jsonResp(200, browsePage(page, limit, total))(r)
	}
}

func TestIterIsLazyAndWalksAllPages(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/2000/nodes"), pagedResponder(10, 25))
	seq := c.Nodes.ListChildrenIter(t.Context(), 2000, &xecm.NodeListOptions{ListOptions: xecm.ListOptions{Limit: 10}})
	assert.Equal(t, 0, mt.GetTotalCallCount(), "no request before ranging")
	var ids []int64
	for n, err := range seq {
		require.NoError(t, err)
		ids = append(ids, n.ID)
	}
	assert.Len(t, ids, 25)
	assert.EqualValues(t, 25, ids[24])
	assert.Equal(t, 3, mt.GetTotalCallCount(), "stops at page_total")
}

func TestIterBreakStopsFetching(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/2000/nodes"), pagedResponder(10, 100))
	count := 0
	for _, err := range c.Nodes.ListChildrenIter(t.Context(), 2000, &xecm.NodeListOptions{ListOptions: xecm.ListOptions{Limit: 10}}) {
		require.NoError(t, err)
		count++
		if count == 12 {
			break
		}
	}
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestIterStopsOnRepeatedPage(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	// A server that ignores "page" and claims many pages.
	mt.RegisterResponder("GET", api("v2/nodes/2000/nodes"), jsonResp(200,
		`{"collection":{"paging":{"limit":2,"page":1,"page_total":50}},"results":[{"data":{"properties":{"id":1}}},{"data":{"properties":{"id":2}}}]}`))
	n := 0
	for _, err := range c.Nodes.ListChildrenIter(t.Context(), 2000, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestIterYieldsErrorOnce(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.NoRetries()))
	mt.RegisterResponder("GET", api("v2/nodes/2000/nodes"), func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "2" {
			return jsonResp(500, `{"error":"boom"}`)(r)
		}
		return jsonResp(200, browsePage(1, 2, 10))(r)
	})
	var errs, items int
	for n, err := range c.Nodes.ListChildrenIter(t.Context(), 2000, &xecm.NodeListOptions{ListOptions: xecm.ListOptions{Limit: 2}}) {
		if err != nil {
			errs++
			assert.Nil(t, n)
			continue
		}
		items++
	}
	assert.Equal(t, 1, errs)
	assert.Equal(t, 2, items)
}

func TestIterDoesNotMutateOptions(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/2000/nodes"), pagedResponder(5, 12))
	opts := &xecm.NodeListOptions{ListOptions: xecm.ListOptions{Page: 1, Limit: 5}, WhereType: []int{0}}
	for _, err := range c.Nodes.ListChildrenIter(t.Context(), 2000, opts) {
		require.NoError(t, err)
	}
	assert.Equal(t, 1, opts.Page)
	assert.Equal(t, []int{0}, opts.WhereType)
}

func TestPagingLayouts(t *testing.T) {
	// v1 flat paging fields and top-level paging decode to the same Page.
	bodies := map[string]string{
		"collection": `{"collection":{"paging":{"limit":2,"page":1,"page_total":3,"total_count":5}},"results":[{"data":{"properties":{"id":1}}}]}`,
		"top-level":  `{"paging":{"limit":2,"page":1,"page_total":3,"total_count":5},"results":[{"data":{"properties":{"id":1}}}]}`,
		"v1 flat":    `{"limit":2,"page":1,"page_total":3,"total_count":5,"results":[{"data":{"properties":{"id":1}}}]}`,
	}
	for name, body := range bodies {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/nodes/2000/nodes"), jsonResp(200, body))
		p, err := c.Nodes.ListChildren(t.Context(), 2000, nil)
		require.NoError(t, err, name)
		assert.Equal(t, 3, p.PageTotal, name)
		assert.Equal(t, 5, p.TotalCount, name)
		assert.True(t, p.HasNext(), name)
	}
}

func TestBadIDsFailBeforeAnyRequest(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	ctx := t.Context()
	checks := []error{
		func() error { _, err := c.Nodes.Get(ctx, 0, nil); return err }(),
		func() error { _, err := c.Nodes.Get(ctx, -4, nil); return err }(),
		func() error { _, err := c.Nodes.ListChildren(ctx, 0, nil); return err }(),
		func() error { _, err := c.Nodes.CreateFolder(ctx, 2000, "", nil); return err }(),
		func() error { _, err := c.Nodes.CreateFolder(ctx, 2000, strings.Repeat("x", 249), nil); return err }(),
		func() error { _, err := c.Nodes.CreateFolder(ctx, 0, "x", nil); return err }(),
		c.Nodes.Update(ctx, 5, xecm.NodeUpdateRequest{}),
		c.Nodes.Update(ctx, 5, xecm.NodeUpdateRequest{Name: xecm.Ptr("  ")}),
		c.Nodes.Move(ctx, 5, 0),
		c.Nodes.Delete(ctx, 0),
		c.Nodes.Reserve(ctx, 5, 0),
		func() error { _, err := c.Nodes.Copy(ctx, 5, -1, nil); return err }(),
		func() error { _, err := c.Nodes.Ancestors(ctx, 0); return err }(),
		func() error { _, err := c.Audit.List(ctx, 0, nil); return err }(),
	}
	for i, err := range checks {
		require.Error(t, err, i)
		assert.True(t, errors.Is(err, xecm.ErrInvalidArgument), "%d: %v", i, err)
	}
	assert.Equal(t, 0, mt.GetTotalCallCount())
	_, err := c.Nodes.CreateFolder(ctx, 2000, "", nil)
	assert.ErrorContains(t, err, "name is required")
	err = c.Nodes.Move(ctx, 5, 0)
	assert.ErrorContains(t, err, "new parent ID")
}
