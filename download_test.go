package xecm_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func uploadFake(t *testing.T, f *fakeDocs, c *xecm.Client, content []byte) int64 {
	t.Helper()
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "d.bin", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	return res.Node.ID
}

func TestDownloadToResumesAfterTwoDrops(t *testing.T) {
	f := newFakeDocs(t)
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	content := testContent(3<<20 + 123)
	id := uploadFake(t, f, c, content)
	f.onGet = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		if attempt <= 2 {
			dropAfter(w, r, content, 1<<20+attempt*1000)
			return true
		}
		return false
	}
	var out bytes.Buffer
	res, err := c.Documents.DownloadTo(t.Context(), id, &out, &xecm.DownloadToOptions{SHA256: sha(content)})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Resumes)
	assert.Equal(t, 1, res.Version)
	assert.True(t, bytes.Equal(content, out.Bytes()), "identical bytes")
	assert.Equal(t, sha(content), res.SHA256)
	assert.Equal(t, int64(len(content)), res.Size)
}

func TestDownloadToFailsOnWrongDigestAndBoundsResumes(t *testing.T) {
	f := newFakeDocs(t)
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	content := testContent(100_000)
	id := uploadFake(t, f, c, content)
	_, err := c.Documents.DownloadTo(t.Context(), id, io.Discard, &xecm.DownloadToOptions{SHA256: sha([]byte("other"))})
	require.ErrorIs(t, err, xecm.ErrIntegrity)

	f.onGet = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		dropAfter(w, r, content, 10)
		return true
	}
	_, err = c.Documents.DownloadTo(t.Context(), id, io.Discard, &xecm.DownloadToOptions{MaxResumes: 2})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "2 resumes")
}

func TestDownloadRangeAndMetadata(t *testing.T) {
	f := newFakeDocs(t)
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	content := testContent(10_000)
	id := uploadFake(t, f, c, content)

	d, err := c.Documents.Download(t.Context(), id, nil)
	require.NoError(t, err)
	b, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, content, b)
	assert.Equal(t, int64(len(content)), d.Size)

	d, err = c.Documents.Download(t.Context(), id, &xecm.DownloadOptions{Version: 1, Offset: 100, Length: 50})
	require.NoError(t, err)
	b, err = io.ReadAll(d)
	require.NoError(t, err)
	d.Close()
	assert.Equal(t, content[100:150], b)
	assert.Equal(t, int64(50), d.Size)
	assert.Equal(t, int64(len(content)), d.TotalSize)
	assert.Equal(t, 1, d.Version)

	_, err = c.Documents.Download(t.Context(), 999999, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

// versionServer answers the version calls of node 7 with a version of
// size bytes, and its content with body, without a Content-Length (so
// that only the version's size can bound it).
func versionServer(t *testing.T, size int, body func(w io.Writer)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/content"):
			w.Header().Set("Content-Type", "application/octet-stream")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush() // chunked: no Content-Length
			body(w)
		case strings.HasSuffix(r.URL.Path, "/versions/latest") || strings.HasSuffix(r.URL.Path, "/versions/3"):
			_, _ = fmt.Fprintf(w, `{"data":{"version_number":3,"file_size":%d,"file_name":"a.bin"},"results":{"data":{"versions":{"version_number":3,"file_size":%d,"file_name":"a.bin"}}}}`, size, size)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// countingWriter counts what DownloadTo wrote.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// A body longer than the version's size stops at the size and fails, for
// an explicit Version as for the latest.
func TestDownloadToStopsAtTheVersionSize(t *testing.T) {
	srv := versionServer(t, 100, func(w io.Writer) { _, _ = io.Copy(w, io.LimitReader(endless{}, 64<<20)) })
	c, err := xecm.NewClient(srv.URL, xecm.WithTicket("tkt-abcdef"))
	require.NoError(t, err)
	for _, version := range []int{3, 0} {
		var out countingWriter
		_, err = c.Documents.DownloadTo(t.Context(), 7, &out, &xecm.DownloadToOptions{Version: version})
		require.ErrorIs(t, err, xecm.ErrIntegrity, "version %d", version)
		assert.Contains(t, err.Error(), "more than the version's 100 bytes")
		assert.EqualValues(t, 100, out.n, "nothing is written past the version's size")
	}
}

// A body shorter than the version's size is an error, never a success.
func TestDownloadToShortBodyFails(t *testing.T) {
	srv := versionServer(t, 100, func(w io.Writer) { _, _ = io.WriteString(w, strings.Repeat("x", 50)) })
	c, err := xecm.NewClient(srv.URL, xecm.WithTicket("tkt-abcdef"), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	for _, version := range []int{3, 0} {
		_, err = c.Documents.DownloadTo(t.Context(), 7, io.Discard, &xecm.DownloadToOptions{Version: version, MaxResumes: 2})
		require.Error(t, err, "version %d", version)
	}
	// The exact size succeeds.
	srv = versionServer(t, 100, func(w io.Writer) { _, _ = io.WriteString(w, strings.Repeat("x", 100)) })
	c, err = xecm.NewClient(srv.URL, xecm.WithTicket("tkt-abcdef"))
	require.NoError(t, err)
	res, err := c.Documents.DownloadTo(t.Context(), 7, io.Discard, &xecm.DownloadToOptions{Version: 3})
	require.NoError(t, err)
	assert.EqualValues(t, 100, res.Size)
	assert.Equal(t, 3, res.Version)
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
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	_, err := c.Documents.Download(t.Context(), 5001, &xecm.DownloadOptions{Offset: 1<<62 + 5, Length: 1 << 62})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

// DownloadTo of the latest version trusts the content's length when the
// version does not give its size, instead of expecting 0 bytes.
func TestDownloadToLatestWithoutFileSize(t *testing.T) {
	client, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v1/nodes/7/versions/latest"),
		jsonResp(200, `{"data":{"version_number":3,"file_name":"a.pdf","mime_type":"application/pdf"}}`))
	mt.RegisterResponder("GET", api("v2/nodes/7/versions/3/content"), func(*http.Request) (*http.Response, error) {
		r := httpmock.NewBytesResponse(200, []byte("twelve bytes"))
		r.ContentLength = 12
		return r, nil
	})
	var out bytes.Buffer
	res, err := client.Documents.DownloadTo(t.Context(), 7, &out, nil)
	require.NoError(t, err)
	assert.Equal(t, "twelve bytes", out.String())
	assert.Equal(t, int64(12), res.Size)
}
