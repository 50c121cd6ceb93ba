package xecmtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// client is a minimal test client speaking the wire format by hand.
type client struct {
	t      *testing.T
	srv    *Server
	ticket string
}

func newServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// login returns a client logged in as user.
func login(t *testing.T, s *Server, user, pw string) *client {
	t.Helper()
	c := &client{t: t, srv: s}
	resp, body := c.form(http.MethodPost, "/v1/auth", url.Values{"username": {user}, "password": {pw}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	c.ticket = body["ticket"].(string)
	require.NotEmpty(t, c.ticket)
	return c
}

func admin(t *testing.T, s *Server) *client { return login(t, s, "Admin", "livelink") }

// req sends a request to the API root and decodes the JSON answer.
func (c *client) req(method, path string, body io.Reader, contentType string, hdr http.Header) (*http.Response, map[string]any) {
	c.t.Helper()
	r, err := http.NewRequest(method, c.srv.URL+"/api"+path, body)
	require.NoError(c.t, err)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if c.ticket != "" {
		r.Header.Set("OTCSTicket", c.ticket)
	}
	for k, v := range hdr {
		r.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	require.True(c.t, strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json"), "content type %q", resp.Header.Get("Content-Type"))
	var m map[string]any
	require.NoError(c.t, json.Unmarshal(raw, &m), string(raw))
	return resp, m
}

func (c *client) get(path string) (*http.Response, map[string]any) {
	c.t.Helper()
	return c.req(http.MethodGet, path, nil, "", nil)
}

func (c *client) form(method, path string, v url.Values) (*http.Response, map[string]any) {
	c.t.Helper()
	return c.req(method, path, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded", nil)
}

// body sends the JSON of v in the form field "body", the vendor convention.
func (c *client) body(method, path string, v any) (*http.Response, map[string]any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	require.NoError(c.t, err)
	return c.form(method, path, url.Values{"body": {string(b)}})
}

// createFolder creates a folder through the API and returns its id.
func (c *client) createFolder(parent int64, name string) int64 {
	c.t.Helper()
	resp, m := c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": parent, "name": name})
	require.Equal(c.t, http.StatusOK, resp.StatusCode, m)
	return int64(dig(c.t, m, "results", "data", "properties", "id").(float64))
}

// dig walks nested JSON objects.
func dig(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		require.True(t, ok, "at %q: not an object: %v", k, v)
		v, ok = m[k]
		require.True(t, ok, "missing %q in %v", k, m)
	}
	return v
}

func errMsg(m map[string]any) string { s, _ := m["error"].(string); return s }

// newHTTPTestServer serves h on loopback and returns its root URL.
func newHTTPTestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL
}
