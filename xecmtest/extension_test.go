package xecmtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExtensionPoints exercises the hooks later areas build on: a create
// hook reading a multipart file, a role hook, a data section, a props hook,
// copy and delete hooks, an audit event of another area and a raw
// (streaming) route.
func TestExtensionPoints(t *testing.T) {
	s := New()
	content := map[int64][]byte{}
	var deleted []int64
	s.mu.Lock()
	s.nodes.hooks.create[TypeDocument] = func(s *Server, c *call, spec newNode) (*node, error) {
		fh, ok := c.params.file("file")
		if !ok {
			return nil, missing("file")
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return nil, err
		}
		spec.Size, spec.MimeType = int64(len(data)), "text/plain"
		n, err := s.insertNodeLocked(spec, c.userID())
		if err != nil {
			return nil, err
		}
		content[n.ID] = data
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventVersionAdded, UserID: c.userID()})
		return n, nil
	}
	s.nodes.hooks.roles["categories"] = func(s *Server, c *call, n *node, v any) error {
		if _, ok := v.(map[string]any); !ok {
			return invalid("roles.categories", v)
		}
		return nil
	}
	s.nodes.hooks.sections["versions"] = func(s *Server, c *call, n *node) (any, error) {
		return []any{map[string]any{"version_number": 1, "file_size": len(content[n.ID])}}, nil
	}
	s.nodes.hooks.props = append(s.nodes.hooks.props, func(s *Server, n *node, p map[string]any) {
		if _, ok := content[n.ID]; ok {
			p["versions_count"] = 1
		}
	})
	s.nodes.hooks.copied = append(s.nodes.hooks.copied, func(s *Server, c *call, src, dst *node) error {
		if b, ok := content[src.ID]; ok {
			content[dst.ID] = b
		}
		return nil
	})
	s.nodes.hooks.deleted = append(s.nodes.hooks.deleted, func(s *Server, n *node) {
		delete(content, n.ID)
		deleted = append(deleted, n.ID)
	})
	s.mu.Unlock()
	s.apiRaw("GET /v2/nodes/{id}/view/plain", 0, func(c *call) error {
		id, err := c.pathID("id")
		if err != nil {
			return err
		}
		c.s.mu.Lock()
		data, ok := content[id]
		c.s.mu.Unlock()
		if !ok {
			return errNoAccess()
		}
		c.w.Header().Set("Content-Type", "application/octet-stream")
		c.w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, err = c.w.Write(data)
		return err
	})
	s.SetURL(newHTTPTestServer(t, s.Handler()))
	c := admin(t, s)

	upload := func(name string, roles any) (*http.Response, map[string]any) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		body := fmt.Sprintf(`{"type":144,"parent_id":2000,"name":%q,"roles":%s}`, name, roles)
		require.NoError(t, mw.WriteField("body", body))
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(bytes.Repeat([]byte("x"), 1000))
		require.NoError(t, mw.Close())
		return c.req(http.MethodPost, "/v2/nodes", &buf, mw.FormDataContentType(), nil)
	}
	resp, m := upload("a.txt", `{"categories":{}}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	props := dig(t, m, "results", "data", "properties").(map[string]any)
	id := int64(props["id"].(float64))
	assert.Equal(t, float64(1000), props["size"])
	assert.Equal(t, float64(1), props["versions_count"])
	assert.Equal(t, "Document", props["type_name"])

	resp, m = upload("b.txt", `{"categories":"bad"}`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
	assert.Len(t, s.Children(2000), 1, "a failed role removes the new node")

	_, m = c.get(fmt.Sprintf("/v2/nodes/%d?fields=properties{id}&fields=versions", id))
	assert.Equal(t, float64(1000), dig(t, m["results"], "data", "versions").([]any)[0].(map[string]any)["file_size"])

	var types []int
	for _, e := range s.AuditTrail(id) {
		types = append(types, e.EventType)
	}
	assert.Equal(t, []int{EventVersionAdded, EventCreate}, types)

	// Raw route: authenticated, rotated ticket, and mid-body drops work.
	resp, err := rawDo(t, c, context.Background(), http.MethodGet, fmt.Sprintf("/v2/nodes/%d/view/plain", id), nil)
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Len(t, b, 1000)
	assert.NotEmpty(t, resp.Header.Get("OTCSTicket"))

	s.InjectFault(Fault{Path: "/v2/nodes/{id}/view/plain", Kind: FaultDropAfterBytes, AfterBytes: 300})
	resp, err = rawDo(t, c, context.Background(), http.MethodGet, fmt.Sprintf("/v2/nodes/%d/view/plain", id), nil)
	require.NoError(t, err)
	b, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Len(t, b, 300)

	// Copy and delete hooks.
	resp, m = c.body(http.MethodPost, "/v2/nodes", map[string]any{"original_id": id, "parent_id": 2000, "name": "copy.txt"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	cp := int64(dig(t, m, "results", "data", "properties", "id").(float64))
	resp, _ = rawDo(t, c, context.Background(), http.MethodGet, fmt.Sprintf("/v2/nodes/%d/view/plain", cp), nil)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	c.req(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d", cp), nil, "", nil)
	assert.Contains(t, deleted, cp)
	assert.Len(t, deleted, 2, "the node of the failed create, and the copy")

	c.ticket = ""
	resp, _ = c.get(fmt.Sprintf("/v2/nodes/%d/view/plain", id))
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}
