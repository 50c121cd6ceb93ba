package xecmtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2025, 1, 19, 6, 57, 4, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestPasswordLogin(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, m := c.get("/v1/auth")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, float64(1000), dig(t, m, "data", "id"))
	assert.Equal(t, "Admin", dig(t, m, "data", "name"))

	j := login(t, s, "jdoe", "jdoe-pw")
	_, m = j.get("/v1/auth")
	assert.Equal(t, float64(1001), dig(t, m, "data", "id"))
	assert.Equal(t, float64(2001), dig(t, m, "data", "group_id"))
}

func TestLoginErrors(t *testing.T) {
	s := newServer(t)
	c := &client{t: t, srv: s}
	resp, m := c.form(http.MethodPost, "/v1/auth", url.Values{"username": {"Admin"}, "password": {"wrong"}})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "Invalid username/password specified", errMsg(m))
	assert.NotEmpty(t, m["request_id"])

	resp, m = c.form(http.MethodPost, "/v1/auth", url.Values{"password": {"x"}})
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, "Argument username is required", errMsg(m))

	resp, m = c.form(http.MethodPost, "/v1/auth", url.Values{"username": {"Admin"}, "password": {"livelink"}, "domain": {"corp"}})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, errMsg(m), "Domain support is disabled")
}

func TestAuthRequired(t *testing.T) {
	s := newServer(t)
	c := &client{t: t, srv: s}
	resp, m := c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "Authentication Required", errMsg(m))

	c.ticket = "garbage"
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestTicketHeaderCaseInsensitive(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	tk := c.ticket
	c.ticket = ""
	resp, _ := c.req(http.MethodGet, "/v2/nodes/2000", nil, "", http.Header{"otcsticket": {tk}})
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestTicketRotation(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	first := c.ticket
	resp, _ := c.get("/v2/nodes/2000")
	rotated := resp.Header.Get("OTCSTicket")
	require.NotEmpty(t, rotated)
	assert.NotEqual(t, first, rotated)
	exp, err := time.Parse(time.RFC3339, resp.Header.Get("OTCSTicketExpires"))
	require.NoError(t, err)
	assert.True(t, exp.After(time.Now()))

	// Both the old and the new ticket work.
	c.ticket = rotated
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	c.ticket = first
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// Errors carry no fresh ticket.
	resp, _ = c.get("/v2/nodes/999999")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("OTCSTicket"))
}

func TestTicketExpirySlides(t *testing.T) {
	clk := newFakeClock()
	s := newServer(t, WithClock(clk.Now), WithTicketLifetime(10*time.Minute))
	c := admin(t, s)
	first := c.ticket

	clk.Advance(8 * time.Minute)
	resp, _ := c.get("/v2/nodes/2000")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	fresh := resp.Header.Get("OTCSTicket")

	clk.Advance(5 * time.Minute) // first is now 13 minutes old, fresh 5
	resp, m := c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "Authentication Required", errMsg(m))
	c.ticket = fresh
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	_ = first
}

func TestExpireTickets(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.ExpireTickets()
	resp, _ := c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	c = admin(t, s) // re-login works
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestLogout(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, _ := c.get("/v2/nodes/2000")
	rotated := resp.Header.Get("OTCSTicket")
	resp, _ = c.req(http.MethodDelete, "/v1/auth", nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("OTCSTicket"))
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	c.ticket = rotated
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "all tickets of the session end")
}

func otdsPost(t *testing.T, s *Server, path string, v any) (*http.Response, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(v)
	resp, err := http.Post(s.OTDSURL()+path, "application/json;charset=utf-8", strings.NewReader(string(b)))
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp, m
}

func TestOTDSTicketExchangeAndDirect(t *testing.T) {
	s := newServer(t)
	assert.False(t, strings.Contains(s.OTDSURL(), "/otcs"))
	resp, m := otdsPost(t, s, "/otdsws/rest/authentication/credentials", map[string]any{"userName": "jdoe", "password": "jdoe-pw"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	otds := m["ticket"].(string)
	assert.True(t, strings.HasPrefix(otds, "*OTDSSSO*"))
	assert.Equal(t, "jdoe@Content Server Members", m["userId"])

	c := &client{t: t, srv: s}
	resp, m = c.req(http.MethodGet, "/v1/auth", nil, "", http.Header{"Otdsticket": {otds}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, float64(1001), dig(t, m, "data", "id"))
	c.ticket = resp.Header.Get("OTCSTicket")
	require.NotEmpty(t, c.ticket)
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// Directly on any request.
	d := &client{t: t, srv: s}
	resp, _ = d.req(http.MethodGet, "/v2/nodes/2000", nil, "", http.Header{"Otdsticket": {otds}})
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotEmpty(t, resp.Header.Get("OTCSTicket"))

	// snake_case variant and bad password.
	resp, m = otdsPost(t, s, "/otdsws/v1/authentication/credentials", map[string]any{"user_name": "msmith", "password": "msmith-pw"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "msmith@Content Server Members", m["user_id"])
	resp, _ = otdsPost(t, s, "/otdsws/rest/authentication/credentials", map[string]any{"userName": "jdoe", "password": "nope"})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	s.ExpireOTDSTokens()
	resp, _ = d.req(http.MethodGet, "/v2/nodes/2000", nil, "", http.Header{"Otdsticket": {otds}})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func tokenRequest(t *testing.T, s *Server, form url.Values, basicID, basicSecret string) (*http.Response, map[string]any) {
	t.Helper()
	r, _ := http.NewRequest(http.MethodPost, s.OTDSURL()+"/otdsws/oauth2/token", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		r.SetBasicAuth(basicID, basicSecret)
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp, m
}

func TestOAuthClientCredentialsBearer(t *testing.T) {
	s := newServer(t, WithOAuthClient("svc", "s3cret", "msmith"))
	s.AddOAuthClient("other", "pw", "jdoe")

	resp, m := tokenRequest(t, s, url.Values{"grant_type": {"client_credentials"}, "client_id": {"svc"}, "client_secret": {"s3cret"}}, "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, "Bearer", m["token_type"])
	assert.Equal(t, float64(3600), m["expires_in"])
	tok := m["access_token"].(string)

	c := &client{t: t, srv: s}
	resp, m = c.req(http.MethodGet, "/v1/auth", nil, "", http.Header{"Authorization": {"Bearer " + tok}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, float64(1002), dig(t, m, "data", "id"))
	assert.NotEmpty(t, resp.Header.Get("OTCSTicket"))
	resp, _ = c.req(http.MethodGet, "/v2/nodes/2000", nil, "", http.Header{"Authorization": {"Bearer " + tok}})
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// HTTP Basic client authentication.
	resp, m = tokenRequest(t, s, url.Values{"grant_type": {"client_credentials"}}, "other", "pw")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)

	resp, m = tokenRequest(t, s, url.Values{"grant_type": {"client_credentials"}}, "other", "bad")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "invalid_client", m["error"])
	resp, m = tokenRequest(t, s, url.Values{"grant_type": {"authorization_code"}, "client_id": {"svc"}, "client_secret": {"s3cret"}}, "", "")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "unsupported_grant_type", m["error"])

	resp, _ = c.req(http.MethodGet, "/v2/nodes/2000", nil, "", http.Header{"Authorization": {"Bearer nope"}})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestPingAndServerInfoArePublic(t *testing.T) {
	s := newServer(t)
	c := &client{t: t, srv: s}
	resp, m := c.get("/v1/ping")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, m, "build")
	assert.Contains(t, m, "version")
	assert.Equal(t, "/otcs/cs.exe/api/v1", m["href"])

	resp, m = c.get("/v1/serverinfo")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, s.URL, dig(t, m, "server", "url"))
	assert.Equal(t, float64(30*60*1000), dig(t, m, "sessions", "session_timeout"))
	assert.Equal(t, true, dig(t, m, "sessions", "expire_after_last_request"))
}

// An unauthenticated request is refused before its body is read: the body
// here never comes, and the 401 arrives all the same.
func TestUnauthenticatedRequestRefusedBeforeBody(t *testing.T) {
	s := newServer(t)
	for _, tc := range []struct {
		path, contentType string
		want              int
	}{
		{"/api/v2/nodes", "application/x-www-form-urlencoded", http.StatusUnauthorized},
		{"/api/v2/nodes", "multipart/form-data; boundary=x", http.StatusUnauthorized},
		{"/api/v2/nodes/2000/versions", "multipart/form-data; boundary=x", http.StatusUnauthorized},
		{"/api/v2/nodes/2000/categories", "application/json", http.StatusUnauthorized},
		{"/api/v2/no/such/route", "application/json", http.StatusBadRequest}, // the server's "mappings registry" answer
	} {
		pr, pw := io.Pipe()
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // a safety net, not a measurement
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+tc.path, pr)
		require.NoError(t, err)
		req.Header.Set("Content-Type", tc.contentType)
		req.Header.Set("OTCSTicket", "forged-ticket")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err, "the server waited for a body it must not read")
		resp.Body.Close()
		assert.Equal(t, tc.want, resp.StatusCode, tc.path)
		pw.Close()
		cancel()
	}
}

// HEAD api/v1/auth checks a session: 200 with a valid ticket, 401 without.
func TestHeadAuthChecksTheSession(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, err := rawDo(t, c, context.Background(), http.MethodHead, "/v1/auth", nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	c.ticket = "nonsense"
	resp, err = rawDo(t, c, context.Background(), http.MethodHead, "/v1/auth", nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}
