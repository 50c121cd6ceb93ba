package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A folder listed page by page takes its kept sort by name only while
// nothing it depends on changed: after a child is added, renamed, deleted
// or hidden from the caller, the pages follow the new names and children,
// in both directions.
func TestBrowseSortByNameFollowsChanges(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	parent := s.AddFolder(2000, "Many")
	want := map[int64]string{} // id to name, of the children
	for i := range minCachedSort + 6 {
		name := fmt.Sprintf("Item %03d", (i*37)%(minCachedSort+6)) // not in creation order
		want[s.AddFolder(parent, name)] = name
	}
	list := func(cl *client, sort string) []string {
		t.Helper()
		var got []string
		for page := 1; ; page++ {
			resp, m := cl.get(fmt.Sprintf("/v2/nodes/%d/nodes?limit=25&page=%d&sort=%s", parent, page, sort))
			require.Equal(t, http.StatusOK, resp.StatusCode, m)
			got = append(got, names(t, m["results"].([]any), true)...)
			if page >= int(dig(t, m, "collection", "paging", "page_total").(float64)) {
				return got
			}
		}
	}
	sorted := func(desc bool) []string {
		var out []string
		for _, n := range want {
			out = append(out, n)
		}
		slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		if desc {
			slices.Reverse(out)
		}
		return out
	}
	check := func(why string) {
		t.Helper()
		for range 2 { // afresh, then from what was kept
			assert.Equal(t, sorted(false), list(c, "asc_name"), why)
			assert.Equal(t, sorted(true), list(c, "desc_name"), why)
		}
	}
	check("as created")

	want[s.AddFolder(parent, "item 000a")] = "item 000a"
	check("a child added")

	var renamed int64
	for id, n := range want {
		if n == "Item 010" {
			renamed = id
		}
	}
	resp, m := c.form(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", renamed), url.Values{"name": {"AAA first"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	want[renamed] = "AAA first"
	check("a child renamed")

	resp, m = c.req(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d", renamed), nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	delete(want, renamed)
	check("a child deleted")

	// Taking the owner group's and the public's access to one child away
	// hides it from jdoe: one fewer, in the same order.
	j := login(t, s, "jdoe", "jdoe-pw")
	all := list(j, "asc_name")
	require.Equal(t, sorted(false), all)
	var hidden int64
	for id, n := range want {
		if n == all[3] {
			hidden = id
		}
	}
	s.SetPublicAccess(hidden)
	resp, m = c.req(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d/permissions/group", hidden), nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, slices.Delete(slices.Clone(all), 3, 4), list(j, "asc_name"), "a child hidden from jdoe")
	check("as Admin, still all")
}
