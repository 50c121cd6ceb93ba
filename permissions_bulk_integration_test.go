package xecm_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestSetAssignedManyAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Projects", nil)
	require.NoError(t, err)
	sub, err := c.Nodes.CreateFolder(ctx, folder.ID, "Alpha", nil)
	require.NoError(t, err)
	write := []xecm.Permission{xecm.PermSee, xecm.PermSeeContents, xecm.PermModify, xecm.PermAddItems}

	// Two members in one call, over the tree.
	require.NoError(t, c.Permissions.SetAssignedMany(ctx, folder.ID, []xecm.MemberAccess{
		{MemberID: 1001, Permissions: xecm.ReadPermissions()},
		{MemberID: 1002, Permissions: write},
	}, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}))
	for _, id := range []int64{folder.ID, sub.ID} {
		e, err := c.Permissions.GetAssigned(ctx, id, 1001)
		require.NoError(t, err)
		assert.Equal(t, xecm.ReadPermissions(), e.Permissions, "node %d", id)
		e, err = c.Permissions.GetAssigned(ctx, id, 1002)
		require.NoError(t, err)
		assert.Equal(t, write, e.Permissions, "node %d", id)
	}

	// An existing entry is replaced, not doubled; the others stay.
	require.NoError(t, c.Permissions.SetAssignedMany(ctx, folder.ID, []xecm.MemberAccess{{MemberID: 1001, Permissions: write}}, nil))
	p, err := c.Permissions.Get(ctx, folder.ID)
	require.NoError(t, err)
	require.Len(t, p.Assigned, 2)
	e, _ := p.Assignee(1001)
	assert.Equal(t, write, e.Permissions)
	se, err := c.Permissions.GetAssigned(ctx, sub.ID, 1001)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions(), se.Permissions, "apply_to 0 left the sub-folder alone")

	// One unknown member refuses the whole call.
	err = c.Permissions.SetAssignedMany(ctx, folder.ID, []xecm.MemberAccess{
		{MemberID: 1002, Permissions: nil},
		{MemberID: 999999, Permissions: xecm.ReadPermissions()},
	}, nil)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	se, err = c.Permissions.GetAssigned(ctx, folder.ID, 1002)
	require.NoError(t, err)
	assert.Equal(t, write, se.Permissions, "nothing changed")

	// A list too long for one request line goes in several calls (see
	// TestSetAssignedManySplitsLongLists), all set.
	var many []xecm.MemberAccess
	for i := range 150 {
		many = append(many, xecm.MemberAccess{MemberID: sim.AddGroup(fmt.Sprintf("Team %03d", i)), Permissions: xecm.ReadPermissions()})
	}
	require.NoError(t, c.Permissions.SetAssignedMany(ctx, sub.ID, many, nil))
	p, err = c.Permissions.Get(ctx, sub.ID)
	require.NoError(t, err)
	assert.Len(t, p.Assigned, 2+len(many))
	for _, m := range many {
		_, ok := p.Assignee(m.MemberID)
		assert.True(t, ok, "member %d", m.MemberID)
	}

	// jdoe may read but not change permissions.
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	err = jdoe.Permissions.SetAssignedMany(ctx, sub.ID, []xecm.MemberAccess{{MemberID: 1001, Permissions: xecm.AllPermissions()}}, nil)
	assert.ErrorIs(t, err, xecm.ErrForbidden)
}
