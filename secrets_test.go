package xecm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/xecm-go/xecm"
)

// The secrets of the echo scenarios. Each is long enough, and each has
// characters that change when form-encoded or quoted.
const (
	echoPassword     = `pa55&word"with spaces`
	echoTicket       = "ticket-SECRET-0123456789"
	echoRotated      = "rotated-SECRET-9876543210"
	echoOTDSPassword = "otds-pa55 word&"
	echoOTDSTicket   = "otds-ticket-SECRET-42"
	echoToken        = "access-token-SECRET-77"
	echoClientSecret = "client-secret-SECRET-5"
)

var echoSecrets = []string{echoPassword, echoTicket, echoRotated, echoOTDSPassword, echoOTDSTicket, echoToken, echoClientSecret}

// echoAll is a hostile server's body: everything it received, echoed in
// every spelling a server might use.
func echoAll(r *http.Request) string {
	body, _ := io.ReadAll(r.Body)
	seen := string(body) + " " + r.Header.Get("OTCSTicket") + " " + r.Header.Get("OTDSTicket") + " " + r.Header.Get("Authorization")
	if form, err := url.ParseQuery(string(body)); err == nil {
		seen += " " + form.Get("password")
	}
	return seen
}

// echoScenario is one way a server echoes a secret back.
type echoScenario struct {
	name    string
	handler http.HandlerFunc
	opts    func(base string) []xecm.Option
	call    func(c *xecm.Client) error
}

func getNode(c *xecm.Client) error {
	_, err := c.Nodes.Get(bgCtx(), 2000, nil)
	return err
}

func echoScenarios(otdsURL string) []echoScenario {
	password := func(string) []xecm.Option { return []xecm.Option{xecm.WithPassword("Admin", echoPassword)} }
	ticket := func(string) []xecm.Option { return []xecm.Option{xecm.WithTicket(echoTicket)} }
	jsonError := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			b, _ := jsonMarshal(map[string]string{"error": "refused " + echoAll(r), "errorDetail": echoAll(r), "request_id": echoAll(r)})
			_, _ = w.Write(b)
		}
	}
	return []echoScenario{
		{"login 401 JSON", jsonError(http.StatusUnauthorized), password, getNode},
		{"login 500 HTML", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, "<html>"+echoAll(r)+"</html>")
		}, password, getNode},
		{"call 400 JSON", jsonError(http.StatusBadRequest), ticket, getNode},
		{"call 200 ok:false", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			b, _ := jsonMarshal(map[string]any{"ok": false, "error": map[string]string{"message": echoAll(r)}})
			_, _ = w.Write(b)
		}, ticket, getNode},
		{"call 200 non-JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, "oops "+echoAll(r))
		}, ticket, func(c *xecm.Client) error {
			return c.Nodes.Delete(bgCtx(), 2000)
		}},
		{"rotated ticket echoed", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == "/otcs/cs.exe/api/v2/nodes/2000" {
				w.Header().Set("OTCSTicket", echoRotated)
				_, _ = io.WriteString(w, nodeJSON)
				return
			}
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"error":"`+echoAll(r)+`"}`)
		}, ticket, func(c *xecm.Client) error {
			if err := getNode(c); err != nil {
				return err
			}
			_, err := c.Nodes.Get(bgCtx(), 2001, nil)
			return err
		}},
		{"redirect to a secret path", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://elsewhere.test/"+url.PathEscape(r.Header.Get("OTCSTicket"))+"?t="+r.Header.Get("OTCSTicket"), http.StatusFound)
		}, ticket, getNode},
		{"OTDS login 401", jsonError(http.StatusUnauthorized), func(string) []xecm.Option {
			return []xecm.Option{xecm.WithOTDSCredentials(otdsURL, "Admin", echoOTDSPassword)}
		}, getNode},
		{"OTDS ticket exchange 401", jsonError(http.StatusUnauthorized), func(string) []xecm.Option {
			return []xecm.Option{xecm.WithOTDSTicket(echoOTDSTicket)}
		}, getNode},
		{"bearer token 403", jsonError(http.StatusForbidden), func(string) []xecm.Option {
			return []xecm.Option{xecm.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: echoToken}), xecm.BearerToken)}
		}, getNode},
		{"token exchange 401", jsonError(http.StatusUnauthorized), func(string) []xecm.Option {
			return []xecm.Option{xecm.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: echoToken}), xecm.ExchangeToken)}
		}, getNode},
		{"token endpoint error", jsonError(http.StatusOK), func(string) []xecm.Option {
			failing := tokenSourceFunc(func() (*oauth2.Token, error) {
				return nil, fmt.Errorf("oauth2: cannot fetch token: 401\nResponse: {\"error\":\"invalid_client %s\"}", echoClientSecret)
			})
			return []xecm.Option{xecm.WithTokenSource(failing, xecm.ExchangeToken), xecm.WithRedactedStrings(echoClientSecret)}
		}, getNode},
	}
}

type tokenSourceFunc func() (*oauth2.Token, error)

func (f tokenSourceFunc) Token() (*oauth2.Token, error) { return f() }

// No error text and no log line of the echo scenarios holds a secret, in
// any spelling, while the errors still say what went wrong.
func TestEchoedSecretsAreScrubbed(t *testing.T) {
	var current http.HandlerFunc
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { current(w, r) }))
	defer srv.Close()
	for _, sc := range echoScenarios(srv.URL) {
		t.Run(sc.name, func(t *testing.T) {
			current = sc.handler
			logs := &syncBuffer{}
			opts := append(sc.opts(srv.URL), xecm.WithLogger(debugLogger(logs)), xecm.WithRetryPolicy(xecm.NoRetries()))
			c, err := xecm.NewClient(srv.URL+"/otcs/cs.exe", opts...)
			require.NoError(t, err)
			err = sc.call(c)
			require.Error(t, err, "every scenario fails")
			texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), logs.String()}
			var ae *xecm.APIError
			if errors.As(err, &ae) {
				texts = append(texts, ae.Message, ae.Detail, ae.RequestID, ae.Location)
			}
			assert.Contains(t, logs.String()+err.Error(), "[redacted]", "the scenario echoed a secret")
			for _, text := range texts {
				for _, secret := range echoSecrets {
					for _, spelling := range []string{secret, url.QueryEscape(secret), strings.Trim(fmt.Sprintf("%q", secret), `"`)} {
						assert.NotContains(t, text, spelling)
					}
				}
			}
		})
	}
}

// The Warn line of a failed login is scrubbed like the error.
func TestLoginFailedLogIsScrubbed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":"wrong password `+url.QueryEscape(echoPassword)+`"}`)
	}))
	defer srv.Close()
	logs := &syncBuffer{}
	c, err := xecm.NewClient(srv.URL, xecm.WithPassword("Admin", echoPassword), xecm.WithLogger(debugLogger(logs)))
	require.NoError(t, err)
	_, err = c.Nodes.Get(t.Context(), 2000, nil)
	require.ErrorIs(t, err, xecm.ErrUnauthorized)
	assert.Contains(t, logs.String(), "login failed")
	assert.Contains(t, logs.String(), "wrong password [redacted]")
	assert.NotContains(t, logs.String(), url.QueryEscape(echoPassword))
}

// A short secret is replaced where it stands as a word, not inside other
// words, so that messages stay readable.
func TestShortSecretReplacedAsWordOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":"the ticket t1 is not valid at t1me"}`)
	}))
	defer srv.Close()
	c, err := xecm.NewClient(srv.URL, xecm.WithTicket("t1"))
	require.NoError(t, err)
	_, err = c.Nodes.Get(t.Context(), 2000, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the ticket [redacted] is not valid at t1me")
}

func bgCtx() context.Context { return context.Background() }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
