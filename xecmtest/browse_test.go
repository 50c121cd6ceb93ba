package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func names(t *testing.T, results []any, v2 bool) []string {
	t.Helper()
	var out []string
	for _, r := range results {
		if v2 {
			out = append(out, dig(t, r, "data", "properties", "name").(string))
		} else {
			out = append(out, r.(map[string]any)["name"].(string))
		}
	}
	return out
}

func TestBrowseV2PagingAndSort(t *testing.T) {
	clk := newFakeClock()
	s := newServer(t, WithClock(clk.Now))
	c := admin(t, s)
	parent := s.AddFolder(2000, "P")
	for _, n := range []string{"delta", "Alpha", "charlie", "bravo", "echo"} {
		s.AddFolder(parent, n)
		clk.Advance(time.Minute)
	}
	resp, m := c.get(fmt.Sprintf("/v2/nodes/%d/nodes?limit=2&page=2", parent))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, map[string]any{"limit": float64(2), "page": float64(2), "page_total": float64(3),
		"range_min": float64(3), "range_max": float64(4), "total_count": float64(5)}, dig(t, m, "collection", "paging"))
	assert.Equal(t, []string{"charlie", "delta"}, names(t, m["results"].([]any), true))

	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?sort=desc_name", parent))
	assert.Equal(t, []string{"echo", "delta", "charlie", "bravo", "Alpha"}, names(t, m["results"].([]any), true))
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?sort=desc_create_date", parent))
	assert.Equal(t, []string{"echo", "bravo", "charlie", "Alpha", "delta"}, names(t, m["results"].([]any), true))
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?sort=name&where_name=A", parent))
	assert.Equal(t, []string{"Alpha", "bravo", "charlie", "delta"}, names(t, m["results"].([]any), true))

	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?page=9", parent))
	assert.Empty(t, m["results"])
	assert.Equal(t, float64(5), dig(t, m, "collection", "paging", "total_count"))

	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?fields=properties{id}", parent))
	assert.Len(t, dig(t, m["results"].([]any)[0], "data", "properties"), 1)

	resp, _ = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?limit=0", parent))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	resp, _ = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?sort=bogus", parent))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	resp, _ = c.get("/v2/nodes/31337/nodes")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode, "the spec's 500 Could not get a node")
}

func TestBrowseWhereType(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	parent := s.AddFolder(2000, "P")
	s.AddFolder(parent, "f1")
	s.AddFolder(parent, "f2")
	_, m := c.get(fmt.Sprintf("/v2/nodes/%d/nodes?where_type=-1", parent))
	assert.Len(t, m["results"], 2)
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?where_type=-3", parent))
	assert.Len(t, m["results"], 0)
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?where_type=144&where_type=0", parent))
	assert.Len(t, m["results"], 2)
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/nodes?where_type=144", parent))
	assert.Len(t, m["results"], 0)
}

func TestBrowseV1Envelope(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	parent := s.AddFolder(2000, "P")
	for i := range 3 {
		s.AddFolder(parent, fmt.Sprintf("n%d", i))
	}
	resp, m := c.get(fmt.Sprintf("/v1/nodes/%d/nodes?limit=2", parent))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, float64(2), m["limit"])
	assert.Equal(t, float64(1), m["page"])
	assert.Equal(t, float64(2), m["page_total"])
	assert.Equal(t, float64(1), m["range_min"])
	assert.Equal(t, float64(2), m["range_max"])
	assert.Equal(t, float64(3), m["total_count"])
	assert.Contains(t, m, "definitions")
	data := m["data"].([]any)
	assert.Equal(t, []string{"n0", "n1"}, names(t, data, false))
	assert.Regexp(t, noZoneDate, data[0].(map[string]any)["create_date"])
}

// A renamed node sorts and filters by its new name: browse keeps each
// node's lower-cased name only as long as the name it was made from.
func TestBrowseSortsAndFiltersByTheCurrentName(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	parent := s.AddFolder(2000, "P")
	for _, n := range []string{"Alpha", "Bravo", "Charlie"} {
		s.AddFolder(parent, n)
	}
	path := fmt.Sprintf("/v2/nodes/%d/nodes", parent)
	_, m := c.get(path)
	require.Equal(t, []string{"Alpha", "Bravo", "Charlie"}, names(t, m["results"].([]any), true))
	alpha := int64(dig(t, m["results"].([]any)[0], "data", "properties", "id").(float64))

	resp, m := c.form(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", alpha), url.Values{"name": {"Zulu"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(path)
	assert.Equal(t, []string{"Bravo", "Charlie", "Zulu"}, names(t, m["results"].([]any), true))
	_, m = c.get(path + "?where_name=zU")
	assert.Equal(t, []string{"Zulu"}, names(t, m["results"].([]any), true))
	_, m = c.get(path + "?where_name=alp")
	assert.Empty(t, m["results"])
}
