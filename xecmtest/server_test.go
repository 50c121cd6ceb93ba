package xecmtest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Content above the simulator's spool threshold lives in temporary files;
// Close removes them (a cleanup tied to garbage collection never runs at
// exit, so every spooled document and abandoned session stayed in TMPDIR).
func TestSimCloseRemovesSpooledContent(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s := NewServer()
	s.SetLargeFileLimits(true, 1<<20, 0, 4<<20, 0)
	c := admin(t, s)

	// A document whose content is spooled.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("body", `{"type":144,"parent_id":2000,"name":"big.bin"}`))
	fw, err := mw.CreateFormFile("file", "big.bin")
	require.NoError(t, err)
	_, err = fw.Write(bytes.Repeat([]byte{'x'}, 9<<20))
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	resp, m := c.req(http.MethodPost, "/v2/nodes", &buf, mw.FormDataContentType(), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)

	// A large-file session left open, its first part spooled.
	resp, m = c.form(http.MethodPost, "/v2/multipart", url.Values{"file_name": {"open.bin"}, "mime_type": {"application/octet-stream"},
		"file_size": {"9437184"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	key, _ := dig(t, m, "upload_key").(string)
	require.NotEmpty(t, key)
	resp, m = c.form(http.MethodPost, "/v2/multipart/"+key+"/1", url.Values{"part_content": {strings.Repeat("y", 4<<20)}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	require.Len(t, s.LargeFileSessions(), 1)
	left, _ := filepath.Glob(filepath.Join(tmp, "*"))
	require.NotEmpty(t, left, "the content was spooled")

	s.Close()
	left, _ = filepath.Glob(filepath.Join(tmp, "*"))
	assert.Empty(t, left, "temporary files left after Close")
}
