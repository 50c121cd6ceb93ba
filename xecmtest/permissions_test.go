package xecmtest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The spec: apply_to other than 0 on an item that is not a container is
// an error, for removals (a query parameter) as for grants.
func TestSimulatorRefusesApplyToSubItemsOnADocument(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	doc := s.AddEmptyDocument(s.AddFolder(2000, "Letters"), "Letter.docx")
	s.GrantAccess(doc, 1001, false, "see", "see_contents")
	custom := fmt.Sprintf("/v2/nodes/%d/permissions/custom", doc)
	for _, reach := range []int{1, 2, 3} {
		resp, m := c.body(http.MethodPost, custom, map[string]any{"right_id": 1002, "permissions": []string{"see", "see_contents"}, "apply_to": reach})
		assert.GreaterOrEqual(t, resp.StatusCode, 400, "grant, apply_to %d: %v", reach, m)
		resp, m = c.req(http.MethodDelete, fmt.Sprintf("%s/1001?apply_to=%d", custom, reach), nil, "", nil)
		assert.GreaterOrEqual(t, resp.StatusCode, 400, "removal, apply_to %d: %v", reach, m)
	}
	resp, m := c.get(custom + "/1001")
	require.Equal(t, http.StatusOK, resp.StatusCode, "the refused removals removed nothing: %v", m)
	assert.Equal(t, []any{"see", "see_contents"}, dig(t, m, "results", "data", "permissions", "permissions"))
	resp, m = c.get(custom + "/1002")
	assert.NotEqual(t, http.StatusOK, resp.StatusCode, "the refused grants granted nothing: %v", m)
}

// The owner, owner-group and public entries are read one by one as GET
// permissions lists them.
func TestDefaultPermissionEntries(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := c.createFolder(2000, "Entries")
	s.SetPublicAccess(id, "see")
	for kind, rightID := range map[string]any{"owner": float64(1000), "group": float64(2001), "public": nil} {
		resp, m := c.get(fmt.Sprintf("/v2/nodes/%d/permissions/%s", id, kind))
		require.Equal(t, http.StatusOK, resp.StatusCode, m)
		e := dig(t, m, "results", "data", "permissions").(map[string]any)
		assert.Equal(t, kind, e["type"])
		assert.Equal(t, rightID, e["right_id"], kind)
		assert.NotNil(t, e["permissions"], kind)
	}
	_, m := c.get(fmt.Sprintf("/v2/nodes/%d/permissions/public", id))
	assert.Equal(t, []any{"see"}, dig(t, m, "results", "data", "permissions", "permissions"))
	resp, _ := c.get("/v2/nodes/999999/permissions/owner")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
}
