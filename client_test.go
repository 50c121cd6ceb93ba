package xecm_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestNewClientValidation(t *testing.T) {
	for _, u := range []string{"", "ecm.example.com/otcs", "ftp://x/y", "https://user:pw@host/otcs/cs.exe", "::"} {
		_, err := xecm.NewClient(u, xecm.WithTicket("t"))
		require.Error(t, err, u)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, u)
		assert.NotContains(t, err.Error(), "pw", u)
	}
	c, err := xecm.NewClient(mockBase+"/", xecm.WithTicket("t"))
	require.NoError(t, err)
	assert.Equal(t, mockBase, c.BaseURL())
	assert.True(t, strings.HasSuffix(c.BaseURL(), "cs.exe"))
}

// Each setup mistake is refused by NewClient with a message that says
// what to do, and wraps ErrInvalidArgument.
func TestNewClientExplainsSetupMistakes(t *testing.T) {
	for _, tc := range []struct {
		name, base string
		opts       []xecm.Option
		want       string
	}{
		{"no credential", mockBase, nil,
			"xecm: no credential option given: give exactly one (WithPassword, WithPasswordInDomain, WithOTDSCredentials, WithOTDSTicket, WithTokenSource, WithTicket or WithTicketSource): xecm: invalid argument"},
		{"two credentials", mockBase, []xecm.Option{xecm.WithTicket("a"), xecm.WithPassword("b", "c")},
			"xecm: more than one credential option given (WithPassword, WithPasswordInDomain, WithOTDSCredentials, WithOTDSTicket, WithTokenSource, WithTicket or WithTicketSource): give exactly one: xecm: invalid argument"},
		{"URL without scheme", "ecm.example.com/otcs/cs.exe", []xecm.Option{xecm.WithTicket("t")},
			`xecm: base URL "ecm.example.com/otcs/cs.exe" must be an absolute http or https URL, like https://ecm.example.com/otcs/cs.exe: xecm: invalid argument`},
		{"URL with a password", "https://svc:s3cret@ecm.example.com/otcs/cs.exe", []xecm.Option{xecm.WithTicket("t")},
			"xecm: base URL must not carry credentials; use a credential option: xecm: invalid argument"},
		{"unparsable URL", "https://svc:s3cret@ecm.example.com:port/", []xecm.Option{xecm.WithTicket("t")},
			`xecm: invalid base URL: xecm: invalid argument: invalid port ":port" after host`},
		{"empty user name", mockBase, []xecm.Option{xecm.WithPassword("", "pw")},
			"xecm: WithPassword: empty user name: xecm: invalid argument"},
		{"empty ticket", mockBase, []xecm.Option{xecm.WithTicket("")},
			"xecm: WithTicket: empty ticket: xecm: invalid argument"},
		{"nil transport", mockBase, []xecm.Option{xecm.WithTicket("t"), xecm.WithTransport(nil)},
			"xecm: WithTransport: nil transport: xecm: invalid argument"},
	} {
		_, err := xecm.NewClient(tc.base, tc.opts...)
		require.Error(t, err, tc.name)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, tc.name)
		assert.Equal(t, tc.want, err.Error(), tc.name)
		assert.NotContains(t, err.Error(), "s3cret", tc.name)
	}
}

// A base URL that reaches a web server but not the API (here without the
// CGI path) gets a 404 page that is not the API's JSON: the error says the
// base URL is likely wrong and does not read as "not found".
func TestWrongBaseURLIsReportedAsSuch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html><body><h1>Not Found</h1></body></html>"))
	}))
	defer srv.Close()
	c, err := xecm.NewClient(srv.URL, xecm.WithTicket("t"), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	_, err = c.Nodes.Get(t.Context(), 2000, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.NotErrorIs(t, err, xecm.ErrNotFound, "get-or-create code must not create")
	assert.Equal(t, `xecm: GET /api/v2/nodes/2000: 404 Not Found from outside the Content Server API: the base URL "`+srv.URL+
		`" is likely wrong (it usually ends in the CGI path, like https://ecm.example.com/otcs/cs.exe); `+
		`non-JSON text/html body: "<html><body><h1>Not Found</h1></body></html>"`, err.Error())
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, srv.URL, apiErr.BaseURL)
}

// A 404 in the API's own JSON is the server saying "not found".
func TestAPINotFoundIsNotFound(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/9"), jsonResp(404, `{"error":"Could not find node 9."}`))
	_, err := c.Nodes.Get(t.Context(), 9, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.NotErrorIs(t, err, xecm.ErrInvalidArgument)
}
