package xecm_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestDocumentsStat(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Public")
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder, Name: "price list.pdf", MimeType: "application/pdf", Content: bytes.NewReader([]byte("%PDF-1.7 v1"))})
	require.NoError(t, err)
	doc := up.Node.ID
	_, err = c.Documents.Versions().Add(ctx, doc, xecm.VersionAddRequest{FileName: "prices-2026.pdf", MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 version two")})
	require.NoError(t, err)

	info, err := c.Documents.Stat(ctx, doc, 0)
	require.NoError(t, err)
	assert.Equal(t, &xecm.ContentInfo{Size: int64(len("%PDF-1.7 version two")), MimeType: "application/pdf", FileName: "prices-2026.pdf"}, info)
	info, err = c.Documents.Stat(ctx, doc, 1)
	require.NoError(t, err)
	assert.Equal(t, &xecm.ContentInfo{Size: int64(len("%PDF-1.7 v1")), MimeType: "application/pdf", FileName: "price list.pdf", Version: 1}, info)

	// What Stat says is what Download delivers.
	d, err := c.Documents.Download(ctx, doc, &xecm.DownloadOptions{Version: 1})
	require.NoError(t, err)
	body, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Len(t, body, int(info.Size))
	assert.Equal(t, info.FileName, d.FileName)

	// Stat leaves no "Version Opened" in the audit trail; Download did.
	opened := 0
	for _, e := range sim.AuditTrail(doc) {
		if e.EventType == xecmtest.EventVersionOpened {
			opened++
		}
	}
	assert.Equal(t, 1, opened)

	_, err = c.Documents.Stat(ctx, 987654, 0)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Documents.Stat(ctx, doc, 7)
	require.Error(t, err, "no version 7")
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "HEAD", ae.Method)
	_, err = c.Documents.Stat(ctx, folder, 0)
	require.Error(t, err, "a folder has no content")
	_, err = c.Documents.Stat(ctx, doc, -1)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
