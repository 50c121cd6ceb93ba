package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// number_to_keep is read from the DELETE body as well as the query.
func TestPurgeVersionsReadsNumberToKeepFromTheBody(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := uploadDocument(t, c, 2000, "purge.pdf")
	for range 3 {
		body, ct := multipartForm(t, nil, "purge.pdf", []byte("again"))
		resp, m := c.req(http.MethodPost, fmt.Sprintf("/v2/nodes/%d/versions", id), body, ct, nil)
		require.Equal(t, http.StatusOK, resp.StatusCode, m)
	}
	resp, m := c.form(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d/versions", id), url.Values{"number_to_keep": {"2"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/versions", id))
	assert.Len(t, m["results"], 2, "keep 2 keeps 2")

	resp, m = c.body(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d/versions", id), map[string]any{"number_to_keep": 1})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/versions", id))
	assert.Len(t, m["results"], 1)
}
