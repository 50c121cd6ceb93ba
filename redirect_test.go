package xecm_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/xecm-go/xecm"
)

// hitLog is a hostile server's log of what reached it.
type hitLog struct {
	mu   sync.Mutex
	hits []string // "METHOD path headers body"
}

func (r *hitLog) note(req *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hits = append(r.hits, req.Method+" "+req.URL.Path+" "+req.Header.Get("OTCSTicket")+
		req.Header.Get("OTDSTicket")+req.Header.Get("Authorization")+" "+string(body))
}

func (r *hitLog) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.hits...)
}

// otherHost starts the host a hostile redirect points at. It records
// every request and answers like a server that hands out a ticket.
func otherHost(t *testing.T) (*httptest.Server, *hitLog) {
	t.Helper()
	rec := &hitLog{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.note(r)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("OTCSTicket", "attacker-ticket")
		_, _ = io.WriteString(w, `{"ticket":"attacker-ticket","results":{"data":{"properties":{"id":2000,"name":"x"}}}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// requireRedirectError checks that err reports the redirect, its status
// and its target, so that the caller knows nothing was done.
func requireRedirectError(t *testing.T, err error, status int, target string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, xecm.ErrRedirect)
	assert.Contains(t, err.Error(), strconv.Itoa(status))
	assert.Contains(t, err.Error(), target)
	assert.Contains(t, err.Error(), "fix the base URL")
}

var redirectStatuses = []int{
	http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
	http.StatusTemporaryRedirect, http.StatusPermanentRedirect,
}

// A login that is redirected never re-posts the password anywhere, not
// even on the same host, and never adopts a ticket from the redirect's
// target.
func TestLoginNeverFollowsRedirect(t *testing.T) {
	other, rec := otherHost(t)
	for _, status := range redirectStatuses {
		for _, sameHost := range []bool{false, true} {
			t.Run(strconv.Itoa(status)+map[bool]string{false: "-other", true: "-same"}[sameHost], func(t *testing.T) {
				var moved hitLog
				ecm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if strings.HasPrefix(r.URL.Path, "/moved") {
						moved.note(r)
						w.Header().Set("Content-Type", "application/json")
						_, _ = io.WriteString(w, `{"ticket":"moved-ticket"}`)
						return
					}
					target := other.URL + "/otcs/cs.exe/api/v1/auth"
					if sameHost {
						target = "/moved/api/v1/auth"
					}
					http.Redirect(w, r, target, status)
				}))
				defer ecm.Close()
				c, err := xecm.NewClient(ecm.URL+"/otcs/cs.exe", xecm.WithPassword("Admin", "pa55-login-secret"), xecm.WithRetryPolicy(fastRetries))
				require.NoError(t, err)
				_, err = c.Nodes.Get(t.Context(), 2000, nil)
				requireRedirectError(t, err, status, "/api/v1/auth")
				assert.Empty(t, moved.all(), "a login followed a redirect on its own host")
			})
		}
	}
	assert.Empty(t, rec.all(), "the login reached another host")
}

// The OTDS login (password to OTDS) and the ticket exchange at
// GET api/v1/auth never follow a redirect either.
func TestOTDSLoginNeverFollowsRedirect(t *testing.T) {
	other, rec := otherHost(t)
	otds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/otdsws/rest/authentication/credentials", http.StatusTemporaryRedirect)
	}))
	defer otds.Close()
	exchangeRedirects := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/otcs/cs.exe/api/v1/auth", http.StatusFound)
	}))
	defer exchangeRedirects.Close()

	cases := map[string]struct {
		base string
		opt  xecm.Option
	}{
		"credentials": {exchangeRedirects.URL, xecm.WithOTDSCredentials(otds.URL, "Admin", "otds-pa55-secret")},
		"ticket":      {exchangeRedirects.URL, xecm.WithOTDSTicket("otds-ticket-secret")},
		"token":       {exchangeRedirects.URL, xecm.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "access-token-secret"}), xecm.ExchangeToken)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := xecm.NewClient(tc.base+"/otcs/cs.exe", tc.opt, xecm.WithRetryPolicy(fastRetries))
			require.NoError(t, err)
			_, err = c.Nodes.Get(t.Context(), 2000, nil)
			require.ErrorIs(t, err, xecm.ErrRedirect)
			assert.Contains(t, err.Error(), "a login never follows a redirect")
		})
	}
	assert.Empty(t, rec.all(), "a login reached another host")
}

// hostileECM logs in normally, then answers every request of the method
// under test with a redirect; the target records what reaches it and
// answers 200, as a moved server's front page would.
func hostileECM(t *testing.T, method string, status int, target func(r *http.Request) string) (*httptest.Server, *hitLog) {
	t.Helper()
	moved := &hitLog{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/moved"):
			moved.note(r)
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"results":{"data":{"properties":{"id":2000,"name":"x"}}},"id":2000,"version_number":2}`)
		case r.Method == http.MethodPost && r.URL.Path == "/otcs/cs.exe/api/v1/auth":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"ticket":"real-ticket-secret"}`)
		case r.Method == method:
			http.Redirect(w, r, target(r), status)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, moved
}

// changes are the state-changing calls the issue found reported done
// while nothing changed.
var changes = map[string]struct {
	method string
	call   func(ctx context.Context, c *xecm.Client) error
}{
	"Nodes.Delete": {http.MethodDelete, func(ctx context.Context, c *xecm.Client) error { return c.Nodes.Delete(ctx, 2000) }},
	"Nodes.Update": {http.MethodPut, func(ctx context.Context, c *xecm.Client) error {
		return c.Nodes.Update(ctx, 2000, xecm.NodeUpdateRequest{Name: xecm.Ptr("renamed")})
	}},
	"Versions.Add": {http.MethodPost, func(ctx context.Context, c *xecm.Client) error {
		_, err := c.Documents.Versions().Add(ctx, 2000, xecm.VersionAddRequest{FileName: "a.txt", Content: strings.NewReader("version body")})
		return err
	}},
	"Metadata.Apply": {http.MethodPost, func(ctx context.Context, c *xecm.Client) error {
		return c.Metadata.Apply(ctx, 2000, xecm.NewCategoryValues(9830).SetKey("9830_2", "x"))
	}},
	"Documents.Upload": {http.MethodPost, func(ctx context.Context, c *xecm.Client) error {
		_, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "a.txt", Content: strings.NewReader("document body")})
		return err
	}},
}

// A redirect of a change, on the same host or to another, is an error
// naming the status and the target: never a GET whose 200 reads as the
// change done, never the body re-sent elsewhere.
func TestChangeIsNeverRedirected(t *testing.T) {
	other, rec := otherHost(t)
	for name, ch := range changes {
		for _, status := range redirectStatuses {
			for _, sameHost := range []bool{true, false} {
				t.Run(name+"/"+strconv.Itoa(status)+map[bool]string{false: "-other", true: "-same"}[sameHost], func(t *testing.T) {
					ecm, moved := hostileECM(t, ch.method, status, func(r *http.Request) string {
						if sameHost {
							return "/moved" + r.URL.Path
						}
						return other.URL + r.URL.Path
					})
					c, err := xecm.NewClient(ecm.URL+"/otcs/cs.exe", xecm.WithPassword("Admin", "pw-secret"), xecm.WithRetryPolicy(fastRetries))
					require.NoError(t, err)
					err = ch.call(t.Context(), c)
					requireRedirectError(t, err, status, "/otcs/cs.exe/api/")
					assert.NotErrorIs(t, err, xecm.ErrOutcomeUnknown, "a redirect is an answer: nothing was done")
					assert.Empty(t, moved.all(), "the change was sent on after the redirect")
				})
			}
		}
	}
	assert.Empty(t, rec.all(), "a change reached another host")
}

// A read follows a redirect on its own host, with the credential; a
// redirect to another host is not followed, so that host gets no
// credential and its ticket is never adopted.
func TestReadFollowsSameHostRedirectsOnly(t *testing.T) {
	other, rec := otherHost(t)
	var seen []string
	var mu sync.Mutex
	ecm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path+" "+r.Header.Get("OTCSTicket"))
		mu.Unlock()
		switch r.URL.Path {
		case "/otcs/cs.exe/api/v2/nodes/2000":
			http.Redirect(w, r, "/otcs/cs.exe/api/v2/nodes/2000/here?x=1", http.StatusTemporaryRedirect)
		case "/otcs/cs.exe/api/v2/nodes/2000/here":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, nodeJSON)
		default:
			http.Redirect(w, r, other.URL+"/stolen?OTCSTicket="+r.Header.Get("OTCSTicket"), http.StatusFound)
		}
	}))
	defer ecm.Close()
	c, err := xecm.NewClient(ecm.URL+"/otcs/cs.exe", xecm.WithTicket("static-ticket-secret"))
	require.NoError(t, err)

	n, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 2000, n.ID)
	assert.Equal(t, []string{
		"/otcs/cs.exe/api/v2/nodes/2000 static-ticket-secret",
		"/otcs/cs.exe/api/v2/nodes/2000/here static-ticket-secret",
	}, seen)

	_, err = c.Nodes.Get(t.Context(), 2001, nil)
	requireRedirectError(t, err, http.StatusFound, other.URL+"/stolen")
	assert.NotContains(t, err.Error(), "static-ticket-secret", "the Location's query string is left out")
	assert.Empty(t, rec.all(), "a read was redirected to another host")

	// The ticket in use is still the client's own.
	mu.Lock()
	seen = nil
	mu.Unlock()
	_, err = c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
	assert.Contains(t, seen[0], "static-ticket-secret")
}

// A caller's CheckRedirect can refuse what the SDK would follow, never
// allow what it refuses.
func TestCallerCheckRedirectCannotWidenThePolicy(t *testing.T) {
	other, rec := otherHost(t)
	ecm, moved := hostileECM(t, http.MethodDelete, http.StatusTemporaryRedirect, func(r *http.Request) string { return other.URL + r.URL.Path })
	lax := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	c, err := xecm.NewClient(ecm.URL+"/otcs/cs.exe", xecm.WithHTTPClient(lax), xecm.WithPassword("Admin", "pw-secret"))
	require.NoError(t, err)
	err = c.Nodes.Delete(t.Context(), 2000)
	requireRedirectError(t, err, http.StatusTemporaryRedirect, other.URL)
	assert.Empty(t, rec.all())
	assert.Empty(t, moved.all())
}
