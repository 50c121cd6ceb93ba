package xecm_test

import (
	"bytes"
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
