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

func TestNodesRecycleBinRestoreAndPurge(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Employee 4711")
	sub := sim.AddFolder(folder, "Payslips")
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: sub, Name: "2025-01.pdf", MimeType: "application/pdf", Content: bytes.NewReader([]byte("payslip"))})
	require.NoError(t, err)
	require.NoError(t, c.Metadata.Apply(ctx, folder, xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", "D-1")))
	other := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Employee 4712")

	require.NoError(t, c.Nodes.Delete(ctx, folder))
	require.NoError(t, c.Nodes.Delete(ctx, other))
	_, err = c.Nodes.Get(ctx, up.Node.ID, nil)
	require.ErrorIs(t, err, xecm.ErrNotFound, "deleted with its folder")

	page, err := c.Nodes.RecycleBin(ctx, &xecm.RecycleBinListOptions{WhereName: "4711"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	bin := page.Items[0]
	assert.Equal(t, folder, bin.ID)
	assert.Equal(t, xecmtest.EnterpriseWorkspaceID, bin.ParentID)
	assert.EqualValues(t, 1000, bin.DeletedUserID)
	assert.True(t, bin.PurgeDate.After(bin.DeletedDate.Time))
	var all []int64
	for n, err := range c.Nodes.RecycleBinIter(ctx, nil) {
		require.NoError(t, err)
		all = append(all, n.ID)
	}
	assert.ElementsMatch(t, []int64{folder, other}, all)

	// Restore brings back the subtree, the content and the categories.
	res, err := c.Nodes.Restore(ctx, folder)
	require.NoError(t, err)
	assert.Equal(t, []int64{folder}, res.Succeeded)
	dl, err := c.Documents.Download(ctx, up.Node.ID, nil)
	require.NoError(t, err)
	content, _ := io.ReadAll(dl)
	require.NoError(t, dl.Close())
	assert.Equal(t, "payslip", string(content))
	cats, err := c.Metadata.List(ctx, folder)
	require.NoError(t, err)
	require.Len(t, cats, 1)
	n, err := c.Nodes.ByPath(ctx, xecmtest.EnterpriseWorkspaceID, "Employee 4711/Payslips/2025-01.pdf")
	require.NoError(t, err)
	assert.Equal(t, up.Node.ID, n.ID)

	// Purge: gone for good; an id not in the bin is reported, the rest done.
	res, err = c.Nodes.Purge(ctx, other, 987654)
	var binErr *xecm.RecycleBinError
	require.ErrorAs(t, err, &binErr)
	assert.Equal(t, []int64{other}, res.Succeeded)
	assert.Equal(t, map[int64]string{987654: "Could not get a node for 987654"}, res.Failed)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Nodes.Restore(ctx, other)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "a purged item cannot be restored")
	page, err = c.Nodes.RecycleBin(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, page.Items)

	_, err = c.Nodes.Purge(ctx)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

// An item whose name was taken in its old place meanwhile stays in the bin.
func TestNodesRestoreRefusesATakenName(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	old := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Reports")
	require.NoError(t, c.Nodes.Delete(ctx, old))
	sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Reports")
	res, err := c.Nodes.Restore(ctx, old)
	require.Error(t, err)
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists)
	assert.Empty(t, res.Succeeded)
	assert.Contains(t, res.Failed[old], "already exists")
	page, err := c.Nodes.RecycleBin(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)
}
