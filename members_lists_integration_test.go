package xecm_test

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// upload puts a small document under parent and returns its ID.
func uploadText(t *testing.T, c *xecm.Client, parent int64, name string) int64 {
	t.Helper()
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: parent, Name: name, Content: strings.NewReader(name)})
	require.NoError(t, err)
	return res.Node.ID
}

func TestMembersReservedAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	a, b := uploadText(t, admin, 2000, "b-contract.txt"), uploadText(t, admin, 2000, "a-offer.txt")
	uploadText(t, admin, 2000, "free.txt")
	require.NoError(t, admin.Nodes.Reserve(ctx, a, 1000))
	require.NoError(t, admin.Nodes.Reserve(ctx, b, 1000))
	other := uploadText(t, admin, 2000, "jdoes.txt")
	require.NoError(t, admin.Nodes.Reserve(ctx, other, 1001))

	page, err := admin.Members.Reserved(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, []int64{b, a}, []int64{page.Items[0].ID, page.Items[1].ID}, "by name")
	assert.True(t, page.Items[0].Reserved)
	page, err = admin.Members.Reserved(ctx, &xecm.MyNodesOptions{WhereName: "contract"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, a, page.Items[0].ID)

	var ids []int64
	for n, err := range clientAs(t, sim, "jdoe", "jdoe-pw").Members.ReservedIter(ctx, &xecm.MyNodesOptions{ListOptions: xecm.ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		ids = append(ids, n.ID)
	}
	assert.Equal(t, []int64{other}, ids)

	require.NoError(t, admin.Nodes.Unreserve(ctx, a))
	page, err = admin.Members.Reserved(ctx, &xecm.MyNodesOptions{ListOptions: xecm.ListOptions{Limit: 1}})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, b, page.Items[0].ID)
	assert.Equal(t, 1, page.TotalCount)

	_, err = admin.Members.Reserved(ctx, &xecm.MyNodesOptions{ListOptions: xecm.ListOptions{Page: -1}})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestMembersRecentlyAccessedAgainstSimulator(t *testing.T) {
	_, admin := startSim(t)
	ctx := t.Context()
	folder, err := admin.Nodes.CreateFolder(ctx, 2000, "Deals", nil)
	require.NoError(t, err)
	inside := uploadText(t, admin, folder.ID, "deal.txt")
	outside := uploadText(t, admin, 2000, "memo.txt")
	never := uploadText(t, admin, 2000, "unread.txt")

	open := func(id int64) {
		d, err := admin.Documents.Download(ctx, id, nil)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, d)
		require.NoError(t, d.Close())
	}
	open(inside)
	open(outside)
	open(inside) // again: moves to the top, listed once

	page, err := admin.Members.RecentlyAccessed(ctx, nil)
	require.NoError(t, err)
	var ids []int64
	for _, n := range page.Items {
		ids = append(ids, n.ID)
		assert.False(t, n.AccessedAt.IsZero())
	}
	assert.Equal(t, []int64{inside, outside}, ids, "newest first")
	assert.NotContains(t, ids, never)

	page, err = admin.Members.RecentlyAccessed(ctx, &xecm.AccessedOptions{ParentID: folder.ID})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, inside, page.Items[0].ID)
	page, err = admin.Members.RecentlyAccessed(ctx, &xecm.AccessedOptions{MyNodesOptions: xecm.MyNodesOptions{WhereName: "memo"}, Types: []int{xecm.TypeDocument}})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, outside, page.Items[0].ID)
	page, err = admin.Members.RecentlyAccessed(ctx, &xecm.AccessedOptions{Types: []int{xecm.TypeFolder}})
	require.NoError(t, err)
	assert.Empty(t, page.Items)

	_, err = admin.Members.RecentlyAccessed(ctx, &xecm.AccessedOptions{ParentID: -1})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
