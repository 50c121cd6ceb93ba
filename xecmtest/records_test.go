package xecmtest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// only when changing a classification); a change needs it.
func TestFirstRMClassificationWithoutToken(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	folder := c.createFolder(2000, "Records")
	path := fmt.Sprintf("/v1/nodes/%d/rmclassifications", folder)
	resp, m := c.body(http.MethodPost, path, map[string]any{"class_id": RMClassContracts})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	resp, m = c.body(http.MethodPost, path, map[string]any{"class_id": RMClassContracts})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
	assert.Equal(t, "Missing required parameter 'rm_metadataToken'", errMsg(m))
	resp, m = c.body(http.MethodPost, path, map[string]any{"class_id": RMClassContracts, "rm_metadataToken": "stale"})
	assert.Equal(t, http.StatusConflict, resp.StatusCode, m)
}
