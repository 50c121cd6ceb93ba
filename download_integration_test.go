package xecm_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// The simulator reports the file name of a download as it was uploaded,
// quotes and non-ASCII letters included.
func TestSimDownloadFileNameRoundTrips(t *testing.T) {
	_, c := startSim(t, xecm.WithLargeFileThreshold(-1))
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

func TestSimDownloadToSurvivesTwoDrops(t *testing.T) {
	srv, c := startSim(t)
	content := testContent(2<<20 + 7)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: xecmtest.EnterpriseWorkspaceID, Name: "big.bin", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	srv.InjectFault(xecmtest.Fault{Method: "GET", Path: "/v2/nodes/{id}/versions/{n}/content", Kind: xecmtest.FaultDropAfterBytes, AfterBytes: 700_000, Times: 2})
	var out bytes.Buffer
	dl, err := c.Documents.DownloadTo(t.Context(), res.Node.ID, &out, &xecm.DownloadToOptions{SHA256: res.SHA256})
	require.NoError(t, err)
	assert.Equal(t, 2, dl.Resumes)
	assert.True(t, bytes.Equal(content, out.Bytes()))
	assert.Equal(t, sha(content), dl.SHA256)
}

// Replays soak seed 4: a download answered 200 with an HTML page (a server
// restarting) was refused as an integrity failure; it is asked again.
func TestDownloadToAsksAgainAfterAnErrorPage(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	content := bytes.Repeat([]byte("contract "), 5000)
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "c.pdf", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	sim.InjectFault(xecmtest.Fault{Method: "GET", Path: "/v2/nodes/{id}/versions/{n}/content", Kind: xecmtest.FaultHTML})
	var out bytes.Buffer
	got, err := c.Documents.DownloadTo(ctx, res.Node.ID, &out, &xecm.DownloadToOptions{SHA256: res.SHA256})
	require.NoError(t, err)
	assert.Equal(t, content, out.Bytes())
	assert.Equal(t, 1, got.Resumes)
}

// Progress goes on across resumed ranges: it never goes back, always names
// the version's size, and reaches that size once, with the last byte.
func TestSimDownloadToProgressAcrossResumes(t *testing.T) {
	srv, c := startSim(t)
	content := testContent(2<<20 + 7)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "big.bin", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	srv.InjectFault(xecmtest.Fault{Method: "GET", Path: "/v2/nodes/{id}/versions/{n}/content", Kind: xecmtest.FaultDropAfterBytes, AfterBytes: 700_000, Times: 2})
	var seen []int64
	var out bytes.Buffer
	dl, err := c.Documents.DownloadTo(t.Context(), res.Node.ID, &out, &xecm.DownloadToOptions{Progress: func(written, total int64) {
		assert.Equal(t, int64(len(content)), total)
		seen = append(seen, written)
	}})
	require.NoError(t, err)
	require.Equal(t, 2, dl.Resumes)
	require.NotEmpty(t, seen)
	full := 0
	for i, n := range seen {
		if i > 0 {
			assert.GreaterOrEqual(t, n, seen[i-1], "progress never goes back")
		}
		if n == int64(len(content)) {
			full++
		}
	}
	assert.Equal(t, 1, full, "the full size is reported once")
	assert.Equal(t, int64(len(content)), seen[len(seen)-1])
	assert.Equal(t, content, out.Bytes())
}

// A download stream reports what has been read of it and its size.
func TestSimDownloadProgress(t *testing.T) {
	_, c := startSim(t)
	content := testContent(300_000)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "p.bin", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	var last, total int64
	calls := 0
	d, err := c.Documents.Download(t.Context(), res.Node.ID, &xecm.DownloadOptions{Offset: 1000, Progress: func(received, size int64) {
		calls++
		assert.Greater(t, received, last)
		last, total = received, size
	}})
	require.NoError(t, err)
	got, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, content[1000:], got)
	assert.Positive(t, calls)
	assert.Equal(t, int64(len(content)-1000), last)
	assert.Equal(t, int64(len(content)-1000), total)
}
