package xecmtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// multipartForm builds a multipart body of plain fields and one file part,
// as @kweli/cs-rest sends uploads (no JSON "body" field).
func multipartForm(t *testing.T, fields map[string]string, fileName string, content []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		require.NoError(t, mw.WriteField(k, v))
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("file", fileName)
		require.NoError(t, err)
		_, _ = fw.Write(content)
	}
	require.NoError(t, mw.Close())
	return &buf, mw.FormDataContentType()
}

// The v1 node routes older clients use: create (a document, by plain
// multipart fields), get, versions add/list/get/update/delete, delete.
func TestV1NodeAndVersionRoutes(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)

	body, ct := multipartForm(t, map[string]string{"type": "144", "parent_id": "2000", "name": "v1.txt"}, "v1.txt", []byte("first"))
	resp, m := c.req(http.MethodPost, "/v1/nodes", body, ct, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	id := int64(m["id"].(float64))
	require.Positive(t, id)

	resp, m = c.get(fmt.Sprintf("/v1/nodes/%d", id))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, "v1.txt", dig(t, m, "data", "name"))
	assert.EqualValues(t, 144, m["type"])
	assert.Equal(t, "Document", m["type_name"])
	assert.Contains(t, m, "definitions")
	assert.NotContains(t, dig(t, m, "data", "create_date"), "Z", "v1 dates carry no zone")

	resp, m = c.get(fmt.Sprintf("/v1/nodes/%d?fields=data", id))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, []string{"data"}, keys(m))

	body, ct = multipartForm(t, map[string]string{"description": "second"}, "v1.txt", []byte("second!"))
	resp, m = c.req(http.MethodPost, fmt.Sprintf("/v1/nodes/%d/versions", id), body, ct, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.EqualValues(t, 2, m["version_number"])
	assert.Positive(t, m["id"])

	resp, m = c.get(fmt.Sprintf("/v1/nodes/%d/versions", id))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	data := m["data"].([]any)
	require.Len(t, data, 2)
	assert.EqualValues(t, 1, dig(t, data[0], "version_number"))
	assert.EqualValues(t, 7, dig(t, data[1], "file_size"))

	resp, m = c.get(fmt.Sprintf("/v1/nodes/%d/versions/2", id))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, "second", dig(t, m, "data", "description"))

	resp, m = c.body(http.MethodPut, fmt.Sprintf("/v1/nodes/%d/versions/2", id), map[string]any{"description": "renamed"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(fmt.Sprintf("/v1/nodes/%d/versions/latest", id))
	assert.Equal(t, "renamed", dig(t, m, "data", "description"))

	resp, m = c.req(http.MethodDelete, fmt.Sprintf("/v1/nodes/%d/versions/1", id), nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(fmt.Sprintf("/v1/nodes/%d/versions", id))
	assert.Len(t, m["data"], 1)

	resp, m = c.req(http.MethodDelete, fmt.Sprintf("/v1/nodes/%d", id), nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	resp, m = c.get(fmt.Sprintf("/v1/nodes/%d", id))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
}

// POST api/v1/nodes with the JSON "body" field creates a folder too.
func TestV1CreateFolderWithBodyField(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, m := c.body(http.MethodPost, "/v1/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "Old style"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d", int64(m["id"].(float64))))
	assert.Equal(t, "Old style", dig(t, m, "results", "data", "properties", "name"))
}

// Every content route of the spec answers the content, v1 and v2, latest
// and numbered, with and without the trailing file name, GET and HEAD.
func TestContentRoutes(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	body, ct := multipartForm(t, map[string]string{"type": "144", "parent_id": "2000", "name": "c.txt"}, "c.txt", []byte("one"))
	resp, m := c.req(http.MethodPost, "/v1/nodes", body, ct, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	id := int64(m["id"].(float64))
	body, ct = multipartForm(t, nil, "c.txt", []byte("two!"))
	resp, m = c.req(http.MethodPost, fmt.Sprintf("/v2/nodes/%d/versions", id), body, ct, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)

	for _, v := range []string{"v1", "v2"} {
		for path, want := range map[string]string{
			"/nodes/%d/content":                       "two!",
			"/nodes/%d/content/c.txt":                 "two!",
			"/nodes/%d/versions/1/content":            "one",
			"/nodes/%d/versions/1/content/saved.txt":  "one",
			"/nodes/%d/versions/2/content/c.txt":      "two!",
			"/nodes/%d/content/any%%20name/":          "two!",
			"/nodes/%d/versions/2/content/c.txt?x=1/": "two!",
		} {
			p := "/" + v + fmt.Sprintf(path, id)
			resp, err := rawDo(t, c, context.Background(), http.MethodGet, p, nil)
			require.NoError(t, err)
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode, p)
			assert.Equal(t, want, string(got), p)

			resp, err = rawDo(t, c, context.Background(), http.MethodHead, p, nil)
			require.NoError(t, err)
			got, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode, "HEAD "+p)
			assert.Empty(t, got, "HEAD "+p)
			assert.Equal(t, fmt.Sprint(len(want)), resp.Header.Get("Content-Length"), "HEAD "+p)
		}
	}
	resp, err := rawDo(t, c, context.Background(), http.MethodGet, fmt.Sprintf("/v2/nodes/%d/versions/9/content/x", id), nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode, "the spec's answer to a version the document lacks")
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// PUT api/v1/nodes/{id} updates as the v2 route does.
func TestV1UpdateNode(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := c.createFolder(2000, "Before")
	resp, m := c.body(http.MethodPut, fmt.Sprintf("/v1/nodes/%d", id), map[string]any{"name": "After"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(fmt.Sprintf("/v1/nodes/%d", id))
	assert.Equal(t, "After", dig(t, m, "data", "name"))
}
