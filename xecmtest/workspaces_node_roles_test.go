package xecmtest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A role grant takes the permission bits ("perms") as well as names, and
// only roles of a workspace above the node.
func TestSimulatorNodeWorkspaceRole(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	ws := s.AddWorkspace(TemplateSupplier, "Supplier 9", nil)
	folder := c.createFolder(ws, "Quality 2026")
	_, m := c.get(fmt.Sprintf("/v2/businessworkspaceroles?addable_to_node_id=%d&query=supp", folder))
	require.Len(t, m["results"], 1, m)
	role := int64(dig(t, m["results"].([]any)[0], "data", "id").(float64))
	assert.Equal(t, "Business Workspace Role", dig(t, m["results"].([]any)[0], "data", "type_name"))

	path := fmt.Sprintf("/v2/nodes/%d/businessworkspaceroles", folder)
	resp, m := c.body(http.MethodPost, path, map[string]any{"role_id": role, "perms": permissionBits["see"] | permissionBits["see_contents"]})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.EqualValues(t, 1, dig(t, m, "results", "success"))
	resp, m = c.get(fmt.Sprintf("/v2/nodes/%d/permissions/custom/%d", folder, role))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.ElementsMatch(t, []any{"see", "see_contents"}, dig(t, m["results"], "data", "permissions", "permissions"))

	resp, _ = c.body(http.MethodPost, fmt.Sprintf("/v2/nodes/%d/businessworkspaceroles", ws), map[string]any{"role_id": role, "permissions": []string{"see"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a workspace's own roles are not added to it")
	resp, _ = c.body(http.MethodPost, path, map[string]any{"role_id": role})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "no permissions given")
	resp, _ = c.get("/v2/businessworkspaceroles")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "addable_to_node_id is required")
}
