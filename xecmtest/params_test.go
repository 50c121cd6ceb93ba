package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Form fields, a JSON "body" field and multipart are read on every route;
// an application/json body only where the spec declares one.
func TestBodyEncodingsPerRoute(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	jsonBody := func(method, path, body string) (*http.Response, map[string]any) {
		return c.req(method, path, strings.NewReader(body), "application/json", nil)
	}

	resp, m := c.form(http.MethodPost, "/v2/nodes", url.Values{"type": {"0"}, "parent_id": {"2000"}, "name": {"Plain fields"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	resp, m = c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "Body field"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	id := int64(dig(t, m, "results", "data", "properties", "id").(float64))
	body, ct := multipartForm(t, map[string]string{"body": `{"type":0,"parent_id":2000,"name":"Multipart body"}`}, "", nil)
	resp, m = c.req(http.MethodPost, "/v2/nodes", body, ct, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	body, ct = multipartForm(t, map[string]string{"name": "Renamed by multipart"}, "", nil)
	resp, m = c.req(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), body, ct, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d", id))
	assert.Equal(t, "Renamed by multipart", dig(t, m, "results", "data", "properties", "name"))

	// POST v2/nodes declares no JSON body: the server does not read one.
	resp, m = jsonBody(http.MethodPost, "/v2/nodes", `{"type":0,"parent_id":2000,"name":"JSON"}`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
	assert.Equal(t, "Missing required parameter 'type'", errMsg(m))

	// POST v1/nodes and POST v1/auth declare one.
	resp, m = jsonBody(http.MethodPost, "/v1/nodes", `{"type":0,"parent_id":2000,"name":"JSON v1"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Positive(t, m["id"])
	anon := &client{t: t, srv: s}
	resp, m = anon.req(http.MethodPost, "/v1/auth", strings.NewReader(`{"username":"jdoe","password":"jdoe-pw"}`), "application/json", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.NotEmpty(t, m["ticket"])
}
