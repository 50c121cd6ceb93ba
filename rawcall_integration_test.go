package xecm_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestDoDecodesIntoTheCallersValue(t *testing.T) {
	sim, c := startSimUncounted(t)
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Customers")
	ctx := t.Context()

	req, err := c.NewRequest("GET", "v2/nodes/"+strconv.FormatInt(folder, 10)+"?fields=properties{id,name}", nil)
	require.NoError(t, err)
	var got struct {
		Results struct {
			Data struct {
				Properties struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"data"`
		} `json:"results"`
	}
	resp, err := c.Do(ctx, req, &got)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, folder, got.Results.Data.Properties.ID)
	assert.Equal(t, "Customers", got.Results.Data.Properties.Name)
	var raw map[string]any
	_, err = c.Do(ctx, req, &raw)
	require.NoError(t, err)
	props := raw["results"].(map[string]any)["data"].(map[string]any)["properties"].(map[string]any)
	assert.Len(t, props, 2, "the query string went out: only the fields asked for came back")
}

func TestDoSendsTheBodyConventionAndForms(t *testing.T) {
	sim, c := startSimUncounted(t)
	ctx := t.Context()

	// A JSON value goes into the "body" form field.
	req, err := c.NewRequest("POST", "v2/nodes", map[string]any{"type": 0, "parent_id": xecmtest.EnterpriseWorkspaceID, "name": "By JSON"})
	require.NoError(t, err)
	var created struct {
		Results struct {
			Data struct {
				Properties struct {
					ID int64 `json:"id"`
				} `json:"properties"`
			} `json:"data"`
		} `json:"results"`
	}
	_, err = c.Do(ctx, req, &created)
	require.NoError(t, err)
	n, err := c.Nodes.Get(ctx, created.Results.Data.Properties.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "By JSON", n.Name)

	// url.Values are sent as a form.
	req, err = c.NewRequest("POST", "/api/v2/nodes", url.Values{"type": {"0"}, "parent_id": {strconv.FormatInt(xecmtest.EnterpriseWorkspaceID, 10)}, "name": {"By form"}})
	require.NoError(t, err)
	_, err = c.Do(ctx, req, nil)
	require.NoError(t, err)
	kids, err := c.Nodes.ListChildren(ctx, xecmtest.EnterpriseWorkspaceID, nil)
	require.NoError(t, err)
	var names []string
	for _, k := range kids.Items {
		names = append(names, k.Name)
	}
	assert.Contains(t, names, "By form")
	var fields [][]string
	for _, r := range sim.Requests() {
		if r.Method == "POST" && r.APIPath == "/v2/nodes" {
			fields = append(fields, r.FormFields)
		}
	}
	assert.Equal(t, [][]string{{"body"}, {"name", "parent_id", "type"}}, fields)
}

func TestDoLogsInAgainAfterAnExpiredTicket(t *testing.T) {
	sim, c := startSimUncounted(t)
	ctx := t.Context()
	req, err := c.NewRequest("GET", "v1/auth", nil)
	require.NoError(t, err)
	_, err = c.Do(ctx, req, nil)
	require.NoError(t, err)
	logins := countLogins(sim)

	sim.ExpireTickets()
	var me struct {
		Data struct {
			Name string `json:"name"`
		} `json:"data"`
	}
	_, err = c.Do(ctx, req, &me)
	require.NoError(t, err)
	assert.Equal(t, "Admin", me.Data.Name)
	assert.Equal(t, logins+1, countLogins(sim), "one fresh login, then the call replayed")
}

func countLogins(sim *xecmtest.Server) int {
	n := 0
	for _, r := range sim.Requests() {
		if r.Method == "POST" && r.APIPath == "/v1/auth" {
			n++
		}
	}
	return n
}

func TestDoRetriesByTheSameRules(t *testing.T) {
	sim, c := startSimUncounted(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Retried")
	path := "/v2/nodes/" + strconv.FormatInt(folder, 10)

	// A GET is retried after a 503.
	sim.InjectFault(xecmtest.Fault{Method: "GET", Path: path, Status: http.StatusServiceUnavailable})
	req, err := c.NewRequest("GET", path[1:], nil)
	require.NoError(t, err)
	_, err = c.Do(ctx, req, nil)
	require.NoError(t, err)

	// A POST is not: the server may have acted.
	sim.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v2/nodes", Status: http.StatusServiceUnavailable})
	req, err = c.NewRequest("POST", "v2/nodes", url.Values{"type": {"0"}, "parent_id": {strconv.FormatInt(folder, 10)}, "name": {"once"}})
	require.NoError(t, err)
	_, err = c.Do(ctx, req, nil)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)

	// Unless the caller marks it idempotent.
	sim.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v2/search", Status: http.StatusServiceUnavailable})
	req, err = c.NewRequest("POST", "v2/search", url.Values{"where": {"Retried"}})
	require.NoError(t, err)
	req.Idempotent = true
	_, err = c.Do(ctx, req, nil)
	require.NoError(t, err)
}

func TestDoReturnsTypedErrors(t *testing.T) {
	_, c := startSimUncounted(t)
	req, err := c.NewRequest("GET", "v2/nodes/987654", nil)
	require.NoError(t, err)
	resp, err := c.Do(t.Context(), req, nil)
	require.ErrorIs(t, err, xecm.ErrNotFound)
	require.NotNil(t, resp, "the response comes back with the error")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "Content Server answers 400 for a missing node")
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "GET", apiErr.Method)
	assert.True(t, strings.HasSuffix(apiErr.Path, "/api/v2/nodes/987654"), apiErr.Path)
}

func TestDoStreamsContent(t *testing.T) {
	sim, c := startSimUncounted(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Docs")
	content := bytes.Repeat([]byte("contract "), 10_000)
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder, Name: "c.txt", MimeType: "text/plain", Content: bytes.NewReader(content)})
	require.NoError(t, err)

	req, err := c.NewRequest("GET", "v1/nodes/"+strconv.FormatInt(res.Node.ID, 10)+"/content", nil)
	require.NoError(t, err)
	var buf bytes.Buffer
	resp, err := c.Do(ctx, req, &buf)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, content, buf.Bytes())

	resp, err = c.DoStream(ctx, req)
	require.NoError(t, err)
	var streamed bytes.Buffer
	_, err = streamed.ReadFrom(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, content, streamed.Bytes())
}
