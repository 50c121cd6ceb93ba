package xecm_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/xecm-go/xecm"
)

const nodeJSON = `{"results":{"data":{"properties":{"id":2000,"name":"Enterprise","type":141}}}}`

// loginResponder issues tickets t1, t2, ... and counts logins. With a
// release channel, each login waits for it to close before answering.
func loginResponder(logins *atomic.Int32, release <-chan struct{}) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		n := logins.Add(1)
		if release != nil {
			<-release
		}
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		if r.PostForm.Get("username") != "Admin" || r.PostForm.Get("password") != "s3cret" {
			return jsonResp(401, `{"error":"Invalid username/password specified"}`)(r)
		}
		return jsonResp(200, `{"ticket":"t`+string(rune('0'+n))+`"}`)(r)
	}
}

// Callers that need a ticket while a login is under way wait for it
// rather than log in again. The login answers only once every caller is
// waiting (synctest.Wait: all goroutines of the bubble are blocked).
func TestLoginIsSingleFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logins atomic.Int32
		release := make(chan struct{})
		c, mt := newMockClient(t, xecm.WithPassword("Admin", "s3cret"))
		mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, release))
		mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
			if r.Header.Get("OTCSTicket") != "t1" {
				return jsonResp(401, `{"error":"Authentication Required"}`)(r)
			}
			return jsonResp(200, nodeJSON)(r)
		})
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for range 50 {
			wg.Go(func() {
				_, err := c.Nodes.Get(t.Context(), 2000, nil)
				errs <- err
			})
		}
		synctest.Wait()
		assert.EqualValues(t, 1, logins.Load(), "logins while 50 callers wait")
		close(release)
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		assert.EqualValues(t, 1, logins.Load())
	})
}

func TestUnauthorizedReloginOnceAndReplay(t *testing.T) {
	var logins, gets atomic.Int32
	c, mt := newMockClient(t, xecm.WithPassword("Admin", "s3cret"))
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, nil))
	var sent []string
	mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
		gets.Add(1)
		sent = append(sent, r.Header.Get("OTCSTicket"))
		if r.Header.Get("OTCSTicket") == "t1" {
			return jsonResp(401, `{"error":"Authentication Required"}`)(r) // t1 expired
		}
		return jsonResp(200, nodeJSON)(r)
	})
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 2, logins.Load())
	assert.EqualValues(t, 2, gets.Load())
	assert.Equal(t, []string{"t1", "t2"}, sent)
}

func TestUnauthorizedTwiceGivesErrUnauthorized(t *testing.T) {
	var logins atomic.Int32
	c, mt := newMockClient(t, xecm.WithPassword("Admin", "s3cret"))
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, nil))
	mt.RegisterResponder("GET", api("v2/nodes/2000"), jsonResp(401, `{"error":"Authentication Required"}`))
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.ErrorIs(t, err, xecm.ErrUnauthorized)
	assert.EqualValues(t, 2, logins.Load(), "one re-login, never a loop")
	assert.Equal(t, 2, mt.GetCallCountInfo()["GET "+api("v2/nodes/2000")])
}

func TestRotatedTicketIsUsedNext(t *testing.T) {
	var logins atomic.Int32
	c, mt := newMockClient(t, xecm.WithPassword("Admin", "s3cret"))
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, nil))
	var sent []string
	mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
		sent = append(sent, r.Header.Get("OTCSTicket"))
		resp, _ := jsonResp(200, nodeJSON)(r)
		resp.Header.Set("OTCSTicket", "rotated-"+string(rune('a'+len(sent))))
		return resp, nil
	})
	for range 3 {
		_, err := c.Nodes.Get(t.Context(), 2000, nil)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"t1", "rotated-b", "rotated-c"}, sent)
	assert.EqualValues(t, 1, logins.Load())
}

func TestRedirectToOtherHostCarriesNoCredential(t *testing.T) {
	var leaked atomic.Value
	leaked.Store("")
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("OTCSTicket") + r.Header.Get("Authorization") + r.Header.Get("OTDSTicket"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(nodeJSON))
	}))
	defer other.Close()
	var sawTicket atomic.Bool
	ecm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawTicket.Store(r.Header.Get("OTCSTicket") == "secret-ticket" || r.Header.Get("Authorization") == "Bearer secret-ticket")
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
	}))
	defer ecm.Close()

	for _, opt := range []xecm.Option{
		xecm.WithTicket("secret-ticket"),
		xecm.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "secret-ticket"}), xecm.BearerToken),
	} {
		c, err := xecm.NewClient(ecm.URL+"/otcs/cs.exe", opt)
		require.NoError(t, err)
		_, err = c.Nodes.Get(t.Context(), 2000, nil)
		require.ErrorIs(t, err, xecm.ErrRedirect, "a read is not redirected to another host")
		assert.Equal(t, "", leaked.Load(), "credential leaked to another host")
		assert.True(t, sawTicket.Load(), "the credential must still reach the base host")
	}
}

func TestSecretsNeverInErrorsOrLogs(t *testing.T) {
	logs := &syncBuffer{}
	var logins atomic.Int32
	c, mt := newMockClient(t, xecm.WithPassword("Admin", "wrong-pa55word"), xecm.WithLogger(debugLogger(logs)))
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, nil))
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.ErrorIs(t, err, xecm.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong-pa55word")
	assert.NotContains(t, logs.String(), "wrong-pa55word")

	// A failing run with a working ticket: the ticket appears nowhere.
	logs2 := &syncBuffer{}
	c2, mt2 := newMockClient(t, xecm.WithTicket("tkt-5ecret-value"), xecm.WithLogger(debugLogger(logs2)))
	mt2.RegisterResponder("GET", api("v2/nodes/2000"), jsonResp(500, `{"error":"boom"}`))
	mt2.RegisterResponder("GET", api("v2/nodes/2001"), jsonResp(401, `{"error":"Authentication Required"}`))
	_, err = c2.Nodes.Get(t.Context(), 2000, nil)
	require.Error(t, err)
	_, err2 := c2.Nodes.Get(t.Context(), 2001, nil)
	require.Error(t, err2)
	for _, s := range []string{err.Error(), err2.Error(), logs2.String(), logs.String()} {
		assert.NotContains(t, s, "tkt-5ecret-value")
	}
	assert.NotEmpty(t, logs2.String(), "the failing run must have logged something to check")
}

func TestTicketSourceAndStaticTicket(t *testing.T) {
	calls := 0
	c, mt := newMockClient(t, xecm.WithTicketSource(xecm.TicketSourceFunc(func(_ context.Context) (string, error) {
		calls++
		return "from-source", nil
	})))
	mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "from-source", r.Header.Get("OTCSTicket"))
		return jsonResp(200, nodeJSON)(r)
	})
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, calls)

	failing := xecm.TicketSourceFunc(func(_ context.Context) (string, error) { return "", errors.New("sso down") })
	c2, _ := newMockClient(t, xecm.WithTicketSource(failing))
	_, err = c2.Nodes.Get(t.Context(), 2000, nil)
	require.ErrorContains(t, err, "sso down")
}

func TestBearerTokenIsSentAsAuthorization(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "jwt"}), xecm.BearerToken))
	mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "Bearer jwt", r.Header.Get("Authorization"))
		assert.Empty(t, r.Header.Get("OTCSTicket"))
		return jsonResp(200, nodeJSON)(r)
	})
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
}

func TestTokenExchangeForTicket(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "jwt"}), xecm.ExchangeToken))
	mt.RegisterResponder("GET", api("v1/auth"), func(r *http.Request) (*http.Response, error) {
		require.Equal(t, "Bearer jwt", r.Header.Get("Authorization"))
		resp, _ := jsonResp(200, `{"data":{"id":1000,"name":"Admin"}}`)(r)
		resp.Header.Set("OTCSTicket", "exchanged")
		return resp, nil
	})
	mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "exchanged", r.Header.Get("OTCSTicket"))
		assert.Empty(t, r.Header.Get("Authorization"))
		return jsonResp(200, nodeJSON)(r)
	})
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
}

func TestLogout(t *testing.T) {
	var logins atomic.Int32
	c, mt := newMockClient(t, xecm.WithPassword("Admin", "s3cret"))
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, nil))
	mt.RegisterResponder("DELETE", api("v1/auth"), jsonResp(200, `{}`))
	mt.RegisterResponder("GET", api("v2/nodes/2000"), jsonResp(200, nodeJSON))
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
	require.NoError(t, c.Logout(t.Context()))
	_, err = c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 2, logins.Load(), "the session ended, so the next call logs in again")
}

func TestPanickingTicketSourceIsAnError(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicketSource(xecm.TicketSourceFunc(func(context.Context) (string, error) {
		panic("sso library bug")
	})))
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.ErrorContains(t, err, "panicked")
}

// countingTokens hands out tok1, tok2, ... each valid for an hour.
type countingTokens struct{ n atomic.Int32 }

func (s *countingTokens) Token() (*oauth2.Token, error) {
	n := s.n.Add(1)
	return &oauth2.Token{AccessToken: "tok" + string(rune('0'+n)), TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}, nil
}

// In BearerToken mode the token is sent on every request: once it has
// expired the client must fetch a fresh one before sending, not send the
// dead token and hope for a replay (which a one-shot upload cannot have).
func TestBearerTokenIsRenewedWhenExpired(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &countingTokens{}
		c, mt := newMockClient(t, xecm.WithTokenSource(src, xecm.BearerToken))
		var mu sync.Mutex
		expires := map[string]time.Time{}
		valid := func(r *http.Request) bool {
			tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			mu.Lock()
			defer mu.Unlock()
			if _, ok := expires[tok]; !ok {
				expires[tok] = time.Now().Add(time.Hour) // as the source said
			}
			return time.Now().Before(expires[tok])
		}
		mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
			if !valid(r) {
				return jsonResp(401, `{"error":"Authentication Required"}`)(r)
			}
			return jsonResp(200, nodeJSON)(r)
		})
		mt.RegisterResponder("POST", api("v2/nodes"), func(r *http.Request) (*http.Response, error) {
			_, _ = io.Copy(io.Discard, r.Body)
			if !valid(r) {
				return jsonResp(401, `{"error":"Authentication Required"}`)(r)
			}
			return jsonResp(200, `{"results":{"data":{"properties":{"id":7,"name":"a.txt","type":144}}}}`)(r)
		})
		_, err := c.Nodes.Get(t.Context(), 2000, nil)
		require.NoError(t, err)
		time.Sleep(2 * time.Hour) // the bubble's clock: the token expires
		_, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{
			ParentID: 2000, Name: "a.txt", Content: oneShot{strings.NewReader("hello")}})
		require.NoError(t, err, "the expired token must not be sent")
		assert.EqualValues(t, 2, src.n.Load())
	})
}
