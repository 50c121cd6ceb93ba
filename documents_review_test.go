package xecm_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// readerAtOnly is content that can be read at any offset but cannot tell
// its size, so nothing can check a Size against it before the upload.
type readerAtOnly struct{ r *bytes.Reader }

func (x readerAtOnly) Read(p []byte) (int, error)              { return x.r.Read(p) }
func (x readerAtOnly) ReadAt(p []byte, off int64) (int, error) { return x.r.ReadAt(p, off) }

// A Size smaller than the content must fail, as it does for a one-shot
// reader, instead of storing the first Size bytes as the document.
func TestUploadReaderAtLongerThanSizeIsNotTruncated(t *testing.T) {
	srv, c := newDocsSim(t)
	srv.SetLargeFileLimits(true, 1<<20, 0, 512<<10, 0)
	content := testContent(2<<20 + 10)
	for _, tc := range []struct {
		name      string
		content   io.Reader
		largeFile bool
	}{
		{"bytes.Reader", bytes.NewReader(content), false},
		{"io.ReaderAt without a size", readerAtOnly{bytes.NewReader(content)}, false},
		{"large file", readerAtOnly{bytes.NewReader(content)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			size := int64(1000)
			if tc.largeFile {
				size = 1<<20 + 100
			}
			name := "short " + tc.name
			_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: name,
				Content: tc.content, Size: size})
			require.Error(t, err, "the content is longer than Size")
			assert.Contains(t, err.Error(), "longer than its declared size")
			page, err := c.Nodes.ListChildren(t.Context(), xecmtest.EnterpriseWorkspaceID, &xecm.NodeListOptions{WhereName: name})
			require.NoError(t, err)
			assert.Empty(t, page.Items, "no truncated document is stored")
			assert.Empty(t, srv.LargeFileSessions())
		})
	}
}

// A typed nil reader is bad input: an error before any request, not a
// panic (in a body-writing goroutine, one that would end the program).
func TestUploadTypedNilContentIsAnError(t *testing.T) {
	c, _ := newMockClient(t) // any request fails the test
	var r *bytes.Reader
	for _, size := range []int64{0, 10} {
		_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "n.bin", Content: r, Size: size})
		require.ErrorIs(t, err, xecm.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "Content")
		_, err = c.Documents.Versions().Add(t.Context(), 2001, xecm.VersionAddRequest{FileName: "n.bin", Content: r, Size: size})
		require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	}
}

// A 206 that goes past the end asked for is cut at Length: the stream
// delivers what Download promised and Size says.
func TestDownload206LongerThanAskedIsCutAtLength(t *testing.T) {
	f := newFakeDocs(t)
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	content := testContent(10_000)
	id := uploadFake(t, f, c, content)
	f.onGet = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		// Range ignored at its end: everything from the offset.
		w.Header().Set("Content-Range", fmt.Sprintf("bytes 100-%d/%d", len(content)-1, len(content)))
		w.WriteHeader(http.StatusPartialContent)
		_, _ = w.Write(content[100:])
		return true
	}
	d, err := c.Documents.Download(t.Context(), id, &xecm.DownloadOptions{Version: 1, Offset: 100, Length: 50})
	require.NoError(t, err)
	b, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, int64(50), d.Size)
	assert.True(t, bytes.Equal(content[100:150], b), "got %d bytes, want the 50 asked for", len(b))
}

// A server that ignores Range answers each resume with the whole content;
// a drop while the bytes already written are skipped is a drop like any
// other, and is resumed within MaxResumes.
func TestDownloadToResumesADropWhileSkipping(t *testing.T) {
	f := newFakeDocs(t)
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	content := testContent(100_000)
	id := uploadFake(t, f, c, content)
	f.onGet = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		r.Header.Del("Range") // the server ignores it: 200 and the whole body
		switch attempt {
		case 1:
			dropAfter(w, r, content, 30_000)
			return true
		case 2:
			dropAfter(w, r, content, 20_000) // before byte 30000 is reached again
			return true
		}
		w.Header().Del("Accept-Ranges")
		w.Header().Set("Content-Length", fmt.Sprint(len(content)))
		_, _ = w.Write(content)
		return true
	}
	var out bytes.Buffer
	res, err := c.Documents.DownloadTo(t.Context(), id, &out, &xecm.DownloadToOptions{SHA256: sha(content)})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Resumes)
	assert.True(t, bytes.Equal(content, out.Bytes()))
}

// An Offset and Length whose last byte is past the largest int64 are bad
// input, refused before any request (the Range header would be garbage).
func TestDownloadRangeOverflowIsInvalid(t *testing.T) {
	c, _ := newMockClient(t)
	_, err := c.Documents.Download(t.Context(), 5001, &xecm.DownloadOptions{Offset: 1<<62 + 5, Length: 1 << 62})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

// The simulator reports the file name of a download as it was uploaded,
// quotes and non-ASCII letters included.
func TestSimDownloadFileNameRoundTrips(t *testing.T) {
	_, c := newDocsSim(t, xecm.WithLargeFileThreshold(-1))
	for _, name := range []string{`a "quoted" name.txt`, `back\slash.txt`, "Ümlaut €.txt"} {
		res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: name,
			Content: bytes.NewReader([]byte("x"))})
		require.NoError(t, err, name)
		d, err := c.Documents.Download(t.Context(), res.Node.ID, nil)
		require.NoError(t, err)
		require.NoError(t, d.Close())
		assert.Equal(t, name, d.FileName)
	}
}

// Content above the simulator's spool threshold lives in temporary files;
// Close removes them (a cleanup tied to garbage collection never runs at
// exit, so every spooled document and abandoned session stayed in TMPDIR).
func TestSimCloseRemovesSpooledContent(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	srv := xecmtest.NewServer()
	srv.SetLargeFileLimits(true, 1<<20, 0, 4<<20, 0)
	c, err := xecm.NewClient(srv.URL, xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries),
		xecm.WithLargeFileThreshold(-1))
	require.NoError(t, err)
	content := testContent(9 << 20)
	_, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "big.bin",
		Content: bytes.NewReader(content)})
	require.NoError(t, err)
	// A large-file session left open, its part spooled.
	lc, err := xecm.NewClient(srv.URL, xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(xecm.NoRetries),
		xecm.WithLargeFileThreshold(1))
	require.NoError(t, err)
	srv.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v2/multipart/{key}/2", Status: 500, Body: `{"error":"Invalid block size"}`})
	srv.InjectFault(xecmtest.Fault{Method: "DELETE", Path: "/v2/multipart/{key}", Status: 500, Body: `{"error":"down"}`})
	_, err = lc.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "open.bin",
		Content: bytes.NewReader(content)})
	require.Error(t, err)
	require.Len(t, srv.LargeFileSessions(), 1)
	left, _ := filepath.Glob(filepath.Join(tmp, "*"))
	require.NotEmpty(t, left, "the content was spooled")

	srv.Close()
	left, _ = filepath.Glob(filepath.Join(tmp, "*"))
	assert.Empty(t, left, "temporary files left after Close")
}

// A settings read that fails with a transient status (503 here, after the
// retries) says nothing about the server's large-file API: it must not
// turn large-file uploads off for the life of the Client.
func TestLargeFileSettingsTransientFailureIsNotRemembered(t *testing.T) {
	srv, c := newDocsSim(t, xecm.WithRetryPolicy(xecm.NoRetries))
	srv.SetLargeFileLimits(true, 1<<20, 0, 1<<20, 0)
	srv.InjectFault(xecmtest.Fault{Method: "GET", Path: "/v2/multipart/settings", Status: 503, Times: 1})
	content := testContent(2 << 20)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "a.bin",
		Content: bytes.NewReader(content)})
	require.NoError(t, err)
	assert.False(t, res.LargeFile, "no settings: the default threshold")
	res, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "b.bin",
		Content: bytes.NewReader(content)})
	require.NoError(t, err)
	assert.True(t, res.LargeFile, "the settings are read again once the server is back")
}
