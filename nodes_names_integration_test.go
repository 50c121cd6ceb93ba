package xecm_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestNodesNamesInUse(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Inbox")
	sub := sim.AddFolder(folder, "2026")
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder, Name: "report.pdf", MimeType: "application/pdf", Content: bytes.NewReader([]byte("%PDF"))})
	require.NoError(t, err)

	taken, err := c.Nodes.NamesInUse(ctx, folder, "report.pdf", "2026", "new.pdf")
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"report.pdf": up.Node.ID, "2026": sub}, taken)

	taken, err = c.Nodes.NamesInUse(ctx, folder, "free.txt")
	require.NoError(t, err)
	assert.Empty(t, taken)

	// A name reported free can be created; the check now reports it.
	_, err = c.Nodes.CreateFolder(ctx, folder, "free.txt", nil)
	require.NoError(t, err)
	taken, err = c.Nodes.NamesInUse(ctx, folder, "free.txt")
	require.NoError(t, err)
	assert.Len(t, taken, 1)

	_, err = c.Nodes.NamesInUse(ctx, 987654, "x")
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Nodes.NamesInUse(ctx, folder)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Nodes.NamesInUse(ctx, folder, "ok", "")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
