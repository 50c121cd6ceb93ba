package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	zoneDate   = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	noZoneDate = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`)
)

func TestGetEnterpriseWorkspace(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, m := c.get("/v2/nodes/2000")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	p := dig(t, m, "results", "data", "properties").(map[string]any)
	assert.Equal(t, float64(2000), p["id"])
	assert.Equal(t, float64(141), p["type"])
	assert.Equal(t, "Enterprise Workspace", p["type_name"])
	assert.Equal(t, float64(-1), p["parent_id"])
	assert.Equal(t, float64(-2000), p["volume_id"])
	assert.Equal(t, true, p["container"])
	assert.Regexp(t, zoneDate, p["create_date"])
	assert.Equal(t, "/api/v2/nodes/2000", dig(t, m, "links", "data", "self", "href"))
}

func TestGetNodeErrors(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, m := c.get("/v2/nodes/424242")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, msgNoAccess, errMsg(m))
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, m["request_id"])

	resp, m = c.get("/v2/nodes/abc")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, errMsg(m), "Invalid datatype")

	resp, m = c.get("/v2/nodesx/1")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "The REST API URL could not be found in the mappings registry.", errMsg(m))
	resp, _ = c.req(http.MethodPatch, "/v2/nodes/2000", nil, "", nil)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

func TestFieldsAndState(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := s.AddFolder(2000, "F")
	_, m := c.get(fmt.Sprintf("/v2/nodes/%d?fields=properties{id,name}&state", id))
	p := dig(t, m, "results", "data", "properties").(map[string]any)
	assert.Equal(t, map[string]any{"id": float64(id), "name": "F"}, p)
	tok := dig(t, m, "results", "state", "properties", "metadata_token")
	assert.Regexp(t, `^[0-9a-f]{32}$`, tok)

	_, m = c.get(fmt.Sprintf("/v2/nodes/%d?expand=properties{create_user_id}", id))
	assert.Equal(t, "Admin", dig(t, m, "results", "data", "properties", "create_user_id_expand", "name"))
}

func TestCreateFolder(t *testing.T) {
	s := newServer(t)
	c := login(t, s, "jdoe", "jdoe-pw")
	resp, m := c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "Contracts", "description": "all of them"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	p := dig(t, m, "results", "data", "properties").(map[string]any)
	id := int64(p["id"].(float64))
	assert.Equal(t, "Contracts", p["name"])
	assert.Equal(t, "Folder", p["type_name"])
	assert.Equal(t, float64(2000), p["parent_id"])
	assert.Equal(t, float64(1001), p["owner_user_id"])
	assert.Equal(t, float64(0), p["container_size"])
	assert.Equal(t, map[string]any{"en": "Contracts"}, p["name_multilingual"])

	n, ok := s.Node(id)
	require.True(t, ok)
	assert.Equal(t, "all of them", n.Description)
	assert.Equal(t, int64(1001), n.CreateUserID)

	// Plain form fields work too.
	resp, m = c.form(http.MethodPost, "/v2/nodes", url.Values{"type": {"0"}, "parent_id": {"2000"}, "name": {"Plain"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)

	// Multipart with a body part (the upload encoding) reaches the same handler.
	var sb strings.Builder
	sb.WriteString("--XX\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n{\"type\":0,\"parent_id\":2000,\"name\":\"Multi\"}\r\n--XX--\r\n")
	resp, m = c.req(http.MethodPost, "/v2/nodes", strings.NewReader(sb.String()), "multipart/form-data; boundary=XX", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, "Multi", dig(t, m, "results", "data", "properties", "name"))
}

func TestCreateFolderErrors(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	c.createFolder(2000, "Dup")
	cases := []struct {
		body   map[string]any
		status int
		msg    string
	}{
		{map[string]any{"type": 0, "parent_id": 2000, "name": "Dup"}, 500, "An item with the name 'Dup' already exists."},
		{map[string]any{"type": 0, "parent_id": 2000, "name": ""}, 400, "Missing required parameter 'name'"},
		{map[string]any{"type": 0, "parent_id": 2000, "name": strings.Repeat("x", 249)}, 400, "248"},
		{map[string]any{"type": 0, "name": "x"}, 400, "Missing required parameter 'parent_id'"},
		{map[string]any{"parent_id": 2000, "name": "x"}, 400, "Missing required parameter 'type'"},
		{map[string]any{"type": 0, "parent_id": 99, "name": "x"}, 400, msgNoAccess},
		{map[string]any{"type": 9999, "parent_id": 2000, "name": "x"}, 400, "Could not create a new"},
	}
	for _, tc := range cases {
		resp, m := c.body(http.MethodPost, "/v2/nodes", tc.body)
		assert.Equal(t, tc.status, resp.StatusCode, tc.body)
		assert.Contains(t, errMsg(m), tc.msg)
	}
	// 248 characters is fine.
	c.createFolder(2000, strings.Repeat("y", 248))
}

func TestCopyNode(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	src := s.AddFolder(2000, "Src")
	kid := s.AddFolder(src, "Kid")
	dst := s.AddFolder(2000, "Dst")

	resp, m := c.body(http.MethodPost, "/v2/nodes", map[string]any{"original_id": src, "parent_id": dst})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	cp := int64(dig(t, m, "results", "data", "properties", "id").(float64))
	assert.NotEqual(t, src, cp)
	kids := s.Children(cp)
	require.Len(t, kids, 1)
	assert.Equal(t, "Kid", kids[0].Name)
	assert.NotEqual(t, kid, kids[0].ID)

	resp, m = c.body(http.MethodPost, "/v2/nodes", map[string]any{"original_id": src, "parent_id": dst, "name": "Renamed"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, "Renamed", dig(t, m, "results", "data", "properties", "name"))

	resp, m = c.body(http.MethodPost, "/v2/nodes", map[string]any{"original_id": src, "parent_id": dst})
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, "An item with the name 'Src' already exists.", errMsg(m))
	resp, _ = c.body(http.MethodPost, "/v2/nodes", map[string]any{"original_id": src, "parent_id": kid})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	resp, _ = c.body(http.MethodPost, "/v2/nodes", map[string]any{"original_id": 5, "parent_id": dst})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

func TestUpdateNode(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := s.AddFolder(2000, "Old")
	s.AddFolder(2000, "Taken")
	other := s.AddFolder(2000, "Other")

	resp, m := c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"name": "New", "description": "d"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, map[string]any{}, m["results"])
	n, _ := s.Node(id)
	assert.Equal(t, "New", n.Name)
	assert.Equal(t, "d", n.Description)

	resp, m = c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"name": "Taken"})
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Contains(t, errMsg(m), "already exists")

	resp, _ = c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{
		"name": "ignored", "name_multilingual": map[string]string{"en": "English", "de": "Deutsch"},
	})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	n, _ = s.Node(id)
	assert.Equal(t, "English", n.Name)
	assert.Equal(t, "Deutsch", n.NameMultilingual["de"])

	// Move.
	resp, _ = c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"parent_id": other})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	n, _ = s.Node(id)
	assert.Equal(t, other, n.ParentID)
	resp, _ = c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", other), map[string]any{"parent_id": id})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "no move into own subtree")

	// Reserve and unreserve.
	resp, _ = c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"reserved_user_id": 1001})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d", id))
	p := dig(t, m, "results", "data", "properties").(map[string]any)
	assert.Equal(t, true, p["reserved"])
	assert.Equal(t, float64(1001), p["reserved_user_id"])
	assert.Regexp(t, zoneDate, p["reserved_date"])
	resp, _ = c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"reserved_user_id": "null"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	n, _ = s.Node(id)
	assert.Zero(t, n.ReservedUserID)

	resp, _ = c.body(http.MethodPut, "/v2/nodes/7", map[string]any{"name": "x"})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

func TestUpdateMetadataTokenConflict(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := s.AddFolder(2000, "Tok")
	_, m := c.get(fmt.Sprintf("/v2/nodes/%d?state", id))
	tok := dig(t, m, "results", "state", "properties", "metadata_token").(string)

	resp, m := c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"name": "A", "metadata_token": tok})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	resp, m = c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"name": "B", "metadata_token": tok})
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.NotEmpty(t, errMsg(m))
	n, _ := s.Node(id)
	assert.Equal(t, "A", n.Name)
}

func TestDeleteNode(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := s.AddFolder(2000, "Gone")
	kid := s.AddFolder(id, "Kid")
	resp, m := c.req(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d", id), nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, ok := s.Node(kid)
	assert.False(t, ok)
	resp, _ = c.get(fmt.Sprintf("/v2/nodes/%d", id))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	resp, m = c.req(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d", id), nil, "", nil)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, fmt.Sprintf("Could not get a node for %d", id), errMsg(m))
	// The name is free again.
	s.AddFolder(2000, "Gone")
}

func TestAncestors(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	a := s.AddFolder(2000, "A")
	b := s.AddFolder(a, "B")
	resp, m := c.get(fmt.Sprintf("/v1/nodes/%d/ancestors", b))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	anc := m["ancestors"].([]any)
	require.Len(t, anc, 3)
	assert.Equal(t, float64(2000), anc[0].(map[string]any)["id"])
	assert.Equal(t, "Enterprise Workspace", anc[0].(map[string]any)["type_name"])
	assert.Equal(t, float64(-1), anc[0].(map[string]any)["parent_id"])
	assert.Equal(t, float64(b), anc[2].(map[string]any)["id"])
	assert.Equal(t, float64(-2000), anc[2].(map[string]any)["volume_id"])
}
