package xecmtest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The vendor spec answers an unknown node with a 500 on these routes (400
// on GET api/v2/nodes/{id} itself), so a client must not take every 500
// of a GET for a passing server fault worth retrying.
func TestUnknownNodeIs500WhereTheSpecSaysSo(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	for _, tc := range []struct {
		method, path string
		status       int
		message      string
	}{
		{http.MethodGet, "/v2/nodes/999999", http.StatusBadRequest, ""},
		{http.MethodGet, "/v2/nodes/999999/nodes", http.StatusInternalServerError, "Could not get a node for 999999"},
		{http.MethodGet, "/v1/nodes/999999/nodes", http.StatusInternalServerError, "Could not get a node for 999999"},
		{http.MethodGet, "/v1/nodes/999999/ancestors", http.StatusInternalServerError, "Could not get a node for 999999"},
		{http.MethodGet, "/v2/nodes/999999/categories", http.StatusInternalServerError, "Could not get a node for 999999"},
		{http.MethodGet, "/v2/nodes/999999/categories/1", http.StatusInternalServerError, "Could not get a node for 999999"},
		{http.MethodGet, "/v2/nodes/999999/permissions", http.StatusInternalServerError, msgNoAccess},
	} {
		resp, body := c.get(tc.path)
		assert.Equal(t, tc.status, resp.StatusCode, "%s %s: %v", tc.method, tc.path, body)
		if tc.message != "" {
			assert.Equal(t, tc.message, body["error"], tc.path)
		}
	}
}
