package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Content Server serves an API path with a trailing slash as the path
// without it; @kweli/cs-rest logs in with POST api/v1/auth/.
func TestTrailingSlashIsServedAsWithout(t *testing.T) {
	s := newServer(t)
	c := &client{t: t, srv: s}
	resp, body := c.form(http.MethodPost, "/v1/auth/", url.Values{"username": {"Admin"}, "password": {"livelink"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	c.ticket = body["ticket"].(string)

	resp, body = c.get("/v2/nodes/2000//")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.EqualValues(t, 2000, dig(t, body, "results", "data", "properties", "id"))

	reqs := s.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/otcs/cs.exe/api/v1/auth/", reqs[0].Path, "the log keeps the path as received")
	assert.Equal(t, "/v1/auth", reqs[0].APIPath)
	assert.Equal(t, "/v2/nodes/2000", reqs[1].APIPath)
}

// An unknown route keeps the server's 400 wording, with or without a
// trailing slash, and the API root itself is no route.
func TestUnknownRouteAnswersTheMappingsRegistryError(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	for _, p := range []string{"/v2/nope", "/v2/nope/", "/", "/v9/nodes/2000"} {
		resp, body := c.get(p)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, p)
		assert.Equal(t, "The REST API URL could not be found in the mappings registry.", errMsg(body), p)
	}
}

// The spec lists lookfor 'complexquery' and calls the default
// 'complexQuery': the server takes both spellings (and the others in any
// case); an unknown modifier is ignored, as the spec says.
func TestSearchEnumeratedValuesIgnoreCase(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	c.createFolder(2000, "Quarterly Report")
	for _, v := range []url.Values{
		{"where": {"OTName:Quarterly"}, "lookfor": {"complexQuery"}},
		{"where": {"Quarterly Report"}, "lookfor": {"ExactPhrase"}},
		{"where": {"quarterly nothing"}, "lookfor": {"AnyWords"}, "within": {"Metadata"}},
		{"where": {"Quart"}, "lookfor": {"allwords"}, "modifier": {"WordBeginsWith"}},
		{"where": {"Quarterly"}, "modifier": {"nonsense"}},
	} {
		resp, body := c.form(http.MethodPost, "/v2/search", v)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%v: %v", v, body)
		results, _ := body["results"].([]any)
		assert.Len(t, results, 1, "%v", v)
	}
	resp, body := c.form(http.MethodPost, "/v2/search", url.Values{"where": {"x"}, "lookfor": {"somewords"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
}

// Browse sort values compare case-insensitively.
func TestBrowseSortIgnoresCase(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	parent := c.createFolder(2000, "Sorted")
	c.createFolder(parent, "b")
	c.createFolder(parent, "a")
	resp, body := c.get(fmt.Sprintf("/v2/nodes/%d/nodes?sort=DESC_Name", parent))
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	results := body["results"].([]any)
	require.Len(t, results, 2)
	assert.Equal(t, "b", dig(t, results[0], "data", "properties", "name"))
}
