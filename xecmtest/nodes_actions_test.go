package xecmtest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GET takes up to 100 ids in the query; POST any number in the body.
func TestNodeActionsGet(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, body := c.get("/v2/nodes/actions?ids=2000&actions=open&actions=delete")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, []any{"open"}, dig(t, body, "results", "2000", "order"), "a volume cannot be deleted, even by Admin")
	resp, body = c.get("/v2/nodes/actions?ids=" + strings.Repeat("2000,", 100) + "2000")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "Too many items specified for parameter 'ids'", errMsg(body))
	resp, body = c.get("/v2/nodes/actions")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "The parameter 'ids' is not specified", errMsg(body))
}
