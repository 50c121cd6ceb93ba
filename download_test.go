package xecm_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

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
