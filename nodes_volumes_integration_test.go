package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestNodesListVolumeChildren(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	var want []int64
	for _, name := range []string{"Alpha", "Beta", "Gamma"} {
		want = append(want, sim.AddFolder(xecmtest.EnterpriseWorkspaceID, name))
	}

	page, err := c.Nodes.ListVolumeChildren(ctx, xecm.VolumeEnterprise, &xecm.NodeListOptions{WhereName: "a", Sort: "asc_name", ListOptions: xecm.ListOptions{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, "Alpha", page.Items[0].Name)
	assert.Equal(t, xecmtest.EnterpriseWorkspaceID, page.Items[0].ParentID)

	var got []int64
	for n, err := range c.Nodes.ListVolumeChildrenIter(ctx, xecm.VolumeEnterprise, &xecm.NodeListOptions{ListOptions: xecm.ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		got = append(got, n.ID)
	}
	assert.Subset(t, got, want, "every top-level item, one page at a time")

	// The caller's own Personal Workspace: Admin's and jdoe's differ.
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	mine, err := jdoe.Nodes.Volume(ctx, xecm.VolumePersonal)
	require.NoError(t, err)
	_, err = jdoe.Nodes.CreateFolder(ctx, mine.ID, "Notes", nil)
	require.NoError(t, err)
	page, err = jdoe.Nodes.ListVolumeChildren(ctx, xecm.VolumePersonal, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "Notes", page.Items[0].Name)
	page, err = c.Nodes.ListVolumeChildren(ctx, xecm.VolumePersonal, nil)
	require.NoError(t, err)
	assert.Empty(t, page.Items)

	// ByVolumePath starts at the top of the volume, by name.
	n, err := jdoe.Nodes.ByVolumePath(ctx, xecm.VolumePersonal, "Notes")
	require.NoError(t, err)
	assert.Equal(t, mine.ID, n.ParentID)
	_, err = c.Nodes.ByVolumePath(ctx, xecm.VolumeEnterprise, "Delta/Sub")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), `path "Delta/Sub": under the root`)
	assert.Contains(t, err.Error(), `no item named "Delta"`)
	sim.AddFolder(want[0], "Sub")
	_, err = c.Nodes.ByVolumePath(ctx, xecm.VolumeEnterprise, "Alpha/Sub/Deeper")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), `under "Alpha/Sub"`)

	_, err = c.Nodes.ListVolumeChildren(ctx, 0, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Nodes.ListVolumeChildren(ctx, xecm.TypeFolder+1, nil)
	require.Error(t, err, "a subtype that is not a volume")
}
