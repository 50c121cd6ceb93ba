package xecmtest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The team lists roles (leader first, then by name) with at most
// limit_members members each, and refuses the groups it does not model.
func TestSimulatorWorkspaceTeam(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	ws := s.AddWorkspace(TemplateSupplier, "Supplier 1", nil)
	path := fmt.Sprintf("/v2/businessworkspaces/%d/members", ws)

	resp, m := c.get(path + "?limit_members=0")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	results := m["results"].([]any)
	require.Len(t, results, 2)
	assert.Equal(t, "Purchaser", dig(t, results[0], "data", "properties", "name"))
	assert.Equal(t, true, dig(t, results[0], "data", "properties", "leader"))
	assert.EqualValues(t, 848, dig(t, results[0], "data", "properties", "type"))
	assert.Empty(t, dig(t, results[0], "data", "members"), "limit_members=0 lists no members")
	assert.EqualValues(t, 2, dig(t, m, "collection", "paging", "total_count"))

	resp, m = c.get(path + "?include_groups=all")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, errMsg(m), "include_groups")

	resp, _ = c.get(fmt.Sprintf("/v2/businessworkspaces/%d/members/%d/members", ws, adminUserID))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a user is not a team entry")
}
