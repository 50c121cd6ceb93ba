package xecmtest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoutes(t *testing.T) {
	s := New()
	routes := s.Routes()
	require.NotEmpty(t, routes)
	for _, want := range []string{
		"POST /v1/auth", "GET /v1/auth", "DELETE /v1/auth", "GET /v1/ping", "GET /v1/serverinfo",
		"GET /v2/nodes/{id}", "GET /v2/nodes/{id}/nodes", "GET /v1/nodes/{id}/nodes", "POST /v2/nodes",
		"PUT /v2/nodes/{id}", "DELETE /v2/nodes/{id}", "GET /v1/nodes/{id}/ancestors", "GET /v2/nodes/{id}/audit",
	} {
		assert.Contains(t, routes, want)
	}
	for _, r := range routes {
		method, path, ok := strings.Cut(r, " ")
		assert.True(t, ok && method != "" && strings.HasPrefix(path, "/v"), r)
	}
}

func TestRequestLog(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.ResetRequests()
	c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "Logged"})
	c.form(http.MethodPost, "/v2/nodes", url.Values{"type": {"0"}, "parent_id": {"2000"}, "name": {"Plain"}})
	c.get("/v2/nodes/2000/nodes?limit=1&where_type=-1")
	c.get("/v2/nope")
	reqs := s.Requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "/otcs/cs.exe/api/v2/nodes", reqs[0].Path)
	assert.Equal(t, "/v2/nodes", reqs[0].APIPath)
	assert.Equal(t, []string{"body"}, reqs[0].FormFields)
	assert.Equal(t, http.StatusOK, reqs[0].Status)
	assert.Equal(t, []string{"name", "parent_id", "type"}, reqs[1].FormFields)
	assert.Equal(t, "1", reqs[2].Query.Get("limit"))
	assert.NotEmpty(t, reqs[2].Header.Get("OTCSTicket"))
	assert.Equal(t, http.StatusBadRequest, reqs[3].Status)
	s.ResetRequests()
	assert.Empty(t, s.Requests())
}

func TestRequestLogLimit(t *testing.T) {
	s := newServer(t, WithRequestLogLimit(3))
	c := &client{t: t, srv: s}
	for range 5 {
		c.get("/v1/ping")
	}
	assert.Len(t, s.Requests(), 3)
}

func TestNewWithOwnListenerAndCGIPath(t *testing.T) {
	s := New(WithCGIPath("/cs/cs"))
	hs := newHTTPTestServer(t, s.Handler())
	s.SetURL(hs)
	assert.Equal(t, hs+"/cs/cs", s.URL)
	assert.Equal(t, hs, s.OTDSURL())
	c := admin(t, s)
	resp, _ := c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	s.Close() // no-op for New
}

// Outside the CGI path the web server answers, not Content Server: an
// HTML 404 page, as a client whose base URL lacks /otcs/cs.exe meets it.
func TestUnknownRootPathIsTheWebServers404(t *testing.T) {
	s := newServer(t)
	for _, path := range []string{"/nothing", "/api/v1/auth"} {
		resp, err := http.Get(s.OTDSURL() + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, path)
		assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"), path)
		assert.Contains(t, string(body), "<h1>Not Found</h1>", path)
	}
}

func TestAddUserAndUsers(t *testing.T) {
	s := newServer(t)
	id := s.AddUser("newbie", "pw")
	assert.Greater(t, id, int64(2001))
	login(t, s, "newbie", "pw")
	us := s.Users()
	require.Len(t, us, 4)
	assert.Equal(t, "Admin", us[0].Name)
	assert.Panics(t, func() { s.AddUser("jdoe", "x") })
	assert.Panics(t, func() { s.AddFolder(1, "x") })
}
