package xecm_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestEffectiveManyAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	open, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Open", nil)
	require.NoError(t, err)
	closed, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Closed", nil)
	require.NoError(t, err)
	require.NoError(t, c.Permissions.RemovePublic(ctx, closed.ID, nil))
	require.NoError(t, c.Permissions.RemoveOwnerGroup(ctx, closed.ID, nil))
	shared, err := c.Nodes.CreateFolder(ctx, closed.ID, "Shared", nil)
	require.NoError(t, err)
	require.NoError(t, c.Permissions.AddAssigned(ctx, shared.ID, 1001, xecm.AllPermissions(), nil))

	ids := []int64{open.ID, closed.ID, shared.ID, 987654, open.ID}
	for _, opts := range []*xecm.EffectiveManyOptions{nil, {Concurrency: 1}, {Concurrency: 16}} {
		got, err := c.Permissions.EffectiveMany(ctx, 1001, ids, opts)
		require.NoError(t, err)
		require.Len(t, got, len(ids))
		for i, r := range got {
			assert.Equal(t, ids[i], r.NodeID)
		}
		// Each answer is what Effective answers for that node alone.
		for _, i := range []int{0, 1, 2} {
			require.NoError(t, got[i].Err)
			one, err := c.Permissions.Effective(ctx, ids[i], 1001)
			require.NoError(t, err)
			assert.Equal(t, one, got[i].Permissions, "node %d", ids[i])
			assert.Equal(t, sim.EffectivePermissions(ids[i], 1001), permissionNames(got[i].Permissions))
		}
		assert.True(t, slices.Contains(got[0].Permissions, xecm.PermModify), "DefaultGroup writes")
		assert.Empty(t, got[1].Permissions, "no access left for jdoe")
		assert.Equal(t, xecm.AllPermissions(), got[2].Permissions)
		assert.ErrorIs(t, got[3].Err, xecm.ErrNotFound)
		assert.Nil(t, got[3].Permissions)
		assert.Equal(t, got[0], got[4], "a repeated node has the same answer")
	}
}

func permissionNames(ps []xecm.Permission) []string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p))
	}
	return out
}
