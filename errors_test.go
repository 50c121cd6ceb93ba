package xecm_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// Real server answers from the reference (§3, §4, §7, §12) and the sentinel
// each must match.
func TestErrorClassification(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   error
		not    []error
	}{
		{"browse of a missing node (400)", 400,
			`{"error":"Sorry, the item you requested could not be accessed. Either it does not exist or you do not have permission to access it."}`,
			xecm.ErrNotFound, []error{xecm.ErrForbidden}},
		{"delete of a missing node (500)", 500, `{"error":"Could not get a node for 12345"}`, xecm.ErrNotFound, nil},
		{"download of a missing node (500)", 500,
			`{"error":"Sorry, the item you requested could not be accessed. Either it does not exist or you do not have permission to access it."}`,
			xecm.ErrNotFound, nil},
		{"a real 404", 404, `{"error":"Not Found"}`, xecm.ErrNotFound, nil},
		{"duplicate name on create (500)", 500, `{"error":"An item with the name 'Contracts' already exists."}`,
			xecm.ErrAlreadyExists, []error{xecm.ErrNotFound, xecm.ErrConflict}},
		{"bad credentials", 401, `{"error":"Invalid username/password specified"}`, xecm.ErrUnauthorized, nil},
		{"expired ticket", 401, `{"error":"Authentication Required"}`, xecm.ErrUnauthorized, nil},
		{"edit conflict on update", 409, `{"error":"The item has been modified by another user."}`, xecm.ErrConflict, []error{xecm.ErrAlreadyExists}},
		{"dynamic permissions disabled", 403, `{"error":"Dynamic Permissions is not enabled"}`, xecm.ErrForbidden, nil},
		{"rate limited", 429, `{"error":"Too many requests"}`, xecm.ErrRateLimited, nil},
		{"category not on the node (400)", 400, `{"error":"Category ID '9830' is not a category on node '123'"}`, xecm.ErrNotFound, nil},
		{"member already deleted (500)", 500, `{"error":"Could not delete member 3001, already deleted"}`, xecm.ErrNotFound, nil},
		{"unknown route: the endpoint, not the item, is missing", 400, `{"error":"The REST API URL could not be found in the mappings registry."}`,
			nil, []error{xecm.ErrNotFound, xecm.ErrForbidden}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.NoRetries()))
			mt.RegisterResponder("GET", api("v2/nodes/5"), jsonResp(tc.status, tc.body))
			_, err := c.Nodes.Get(t.Context(), 5, nil)
			require.Error(t, err)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			}
			for _, n := range tc.not {
				assert.False(t, errors.Is(err, n), "must not match %v", n)
			}
			var apiErr *xecm.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, "GET", apiErr.Method)
			assert.Equal(t, "/otcs/cs.exe/api/v2/nodes/5", apiErr.Path)
		})
	}
}

func TestErrorKeepsRequestIDAndDetail(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/5"), jsonResp(400,
		`{"error":"Argument 'role_id' is required.","errorDetail":"see log","request_id":"387066fc-5d01-4e60-89b1-b66f5744eb39"}`))
	_, err := c.Nodes.Get(t.Context(), 5, nil)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "387066fc-5d01-4e60-89b1-b66f5744eb39", apiErr.RequestID)
	assert.Equal(t, "see log", apiErr.Detail)
	assert.Contains(t, err.Error(), "Argument 'role_id' is required.")
	assert.Contains(t, err.Error(), "387066fc")
}

func TestErrorHTMLBodyQuotesPrefix(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.NoRetries()))
	mt.RegisterResponder("GET", api("v2/nodes/5"), func(r *http.Request) (*http.Response, error) {
		resp, _ := jsonResp(502, "<html><body>Proxy Error</body></html>")(r)
		resp.Header.Set("Content-Type", "text/html; charset=utf-8")
		return resp, nil
	})
	_, err := c.Nodes.Get(t.Context(), 5, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "non-JSON text/html body")
	assert.Contains(t, err.Error(), "Proxy Error")
}

func TestNonJSON200IsAnError(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.NoRetries()))
	mt.RegisterResponder("GET", api("v2/nodes/5"), func(r *http.Request) (*http.Response, error) {
		resp, _ := jsonResp(200, "<html>Server starting</html>")(r)
		resp.Header.Set("Content-Type", "text/html")
		return resp, nil
	})
	_, err := c.Nodes.Get(t.Context(), 5, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Server starting")
}

func TestOKFalseBodyIsAnError(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/5"), jsonResp(200, `{"results":{"errMsg":"Hold is not active","ok":false,"id":0}}`))
	_, err := c.Nodes.Get(t.Context(), 5, nil)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Hold is not active", apiErr.Message)
	assert.Equal(t, 200, apiErr.StatusCode)
}

func TestMalformedJSONIsAnError(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/5"), jsonResp(200, `{"results":{"data":{"properties":{"id":"x5"}}}}`))
	_, err := c.Nodes.Get(t.Context(), 5, nil)
	require.ErrorContains(t, err, "malformed response")
}

// Refusals name the caller's operation and field once, and say
// "invalid argument" once.
func TestRefusalsAreWordedOnce(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	ctx := t.Context()
	_, err := c.Documents.Versions().Add(ctx, 9, xecm.VersionAddRequest{Content: strings.NewReader("x")})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Equal(t, "xecm: Versions.Add: FileName is required: xecm: invalid argument", err.Error())

	_, err = c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "a.pdf", Content: strings.NewReader("x"),
		RMClassificationID: -4})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Equal(t, 1, strings.Count(err.Error(), "invalid argument"), err.Error())
	assert.Contains(t, err.Error(), "Documents.Upload: RMClassificationID must be a positive ID, got -4")

}
