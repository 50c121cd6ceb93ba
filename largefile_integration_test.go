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

// A settings read that fails with a transient status (503 here, after the
// retries) says nothing about the server's large-file API: it must not
// turn large-file uploads off for the life of the Client.
func TestLargeFileSettingsTransientFailureIsNotRemembered(t *testing.T) {
	srv, c := startSim(t, xecm.WithRetryPolicy(xecm.NoRetries()))
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

func TestSimLargeFileUpload(t *testing.T) {
	srv, c := startSim(t)
	srv.SetLargeFileLimits(true, 1<<20, 0, 512<<10, 0)
	content := testContent(3<<20 + 5)
	srv.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v2/multipart/{key}/2", Status: 503})
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: xecmtest.EnterpriseWorkspaceID, Name: "lf.bin",
		Content: io.MultiReader(bytes.NewReader(content)), Size: int64(len(content))})
	require.NoError(t, err)
	assert.True(t, res.LargeFile)
	assert.Equal(t, sha(content), res.SHA256)
	var out bytes.Buffer
	_, err = c.Documents.DownloadTo(t.Context(), res.Node.ID, &out, &xecm.DownloadToOptions{SHA256: res.SHA256})
	require.NoError(t, err)
	assert.True(t, bytes.Equal(content, out.Bytes()))
	assert.Empty(t, srv.LargeFileSessions(), "the session was consumed")

	// A version through the large-file API too.
	v2 := testContent(1<<20 + 1)
	add, err := c.Documents.Versions().Add(t.Context(), res.Node.ID, xecm.VersionAddRequest{FileName: "lf.bin", Content: bytes.NewReader(v2)})
	require.NoError(t, err)
	assert.True(t, add.LargeFile)
	require.NotNil(t, add.Version)
	assert.Equal(t, 2, add.Version.Number)

	// A part the server refuses for good cancels the session.
	srv.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v2/multipart/{key}/3", Status: 500, Body: `{"error":"Invalid block size"}`})
	_, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "lf2.bin", Content: bytes.NewReader(content)})
	require.Error(t, err)
	assert.Empty(t, srv.LargeFileSessions(), "the failed session was cancelled")
}
