package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func groupNames(t *testing.T, p *xecm.Page[*xecm.Member]) []string {
	t.Helper()
	out := []string{}
	for _, m := range p.Items {
		out = append(out, m.Name)
	}
	return out
}

// An administrator adds a user to a group and removes them again; the
// user's groups say so each time, and a user without the right cannot.
func TestGroupMembershipWrittenAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	me, err := jdoe.Members.Me(ctx)
	require.NoError(t, err)
	sales := sim.AddGroup("Sales")

	groups, err := jdoe.Members.MemberOf(ctx, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"DefaultGroup"}, groupNames(t, groups))

	require.NoError(t, admin.Members.AddGroupMembers(ctx, sales, me.ID))
	require.NoError(t, admin.Members.AddGroupMembers(ctx, sales, me.ID), "adding twice is harmless")
	groups, err = admin.Members.MemberOf(ctx, me.ID, nil)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"DefaultGroup", "Sales"}, groupNames(t, groups))
	members, err := admin.Members.GroupMembers(ctx, sales, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"jdoe"}, groupNames(t, members))

	var all []string
	for g, err := range jdoe.Members.MemberOfIter(ctx, 0) {
		require.NoError(t, err)
		all = append(all, g.Name)
	}
	assert.ElementsMatch(t, []string{"DefaultGroup", "Sales"}, all)

	var apiErr *xecm.APIError
	require.ErrorAs(t, jdoe.Members.AddGroupMembers(ctx, sales, me.ID), &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)
	assert.Contains(t, apiErr.Message, "Insufficient privileges")
	require.ErrorAs(t, admin.Members.AddGroupMembers(ctx, sales, 987654), &apiErr)
	assert.Contains(t, apiErr.Message, "Could not locate")
	_, err = jdoe.Members.MemberOf(ctx, 1000, nil)
	assert.Error(t, err, "another user's groups are for administrators")

	require.NoError(t, admin.Members.RemoveGroupMembers(ctx, sales, me.ID))
	groups, err = jdoe.Members.MemberOf(ctx, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"DefaultGroup"}, groupNames(t, groups))

	assert.ErrorIs(t, admin.Members.AddGroupMembers(ctx, sales), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, admin.Members.RemoveGroupMembers(ctx, 0, me.ID), xecm.ErrInvalidArgument)
	_, err = admin.Members.MemberOf(ctx, -1, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
