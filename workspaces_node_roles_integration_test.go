package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// An external customer contact sees one folder of the workspace through
// the workspace's Customer role.
func TestWorkspaceRoleAssignedToAFolderAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("NODE-ROLE-1"))
	require.NoError(t, err)
	contracts, err := c.Nodes.EnsurePath(ctx, ws.ID, "Contracts")
	require.NoError(t, err)
	_, err = c.Nodes.EnsurePath(ctx, ws.ID, "Contracts/2026")
	require.NoError(t, err)

	page, err := c.Workspaces.AddableRoles(ctx, contracts.ID, &xecm.AddableRolesOptions{Sort: "desc_name"})
	require.NoError(t, err)
	var names []string
	for _, r := range page.Items {
		names = append(names, r.Name)
		assert.Equal(t, ws.ID, r.WorkspaceID)
		assert.NotZero(t, r.LeaderRoleID)
	}
	assert.Equal(t, []string{"Sales", "Customer", "Account Manager"}, names)
	found, err := c.Workspaces.AddableRoles(ctx, contracts.ID, &xecm.AddableRolesOptions{Query: "cust"})
	require.NoError(t, err)
	require.Len(t, found.Items, 1)
	customer := found.Items[0]
	var all int
	for _, err := range c.Workspaces.AddableRolesIter(ctx, contracts.ID, &xecm.AddableRolesOptions{ListOptions: xecm.ListOptions{Limit: 2}}) {
		require.NoError(t, err)
		all++
	}
	assert.Equal(t, 3, all)

	ext := sim.AddUser("ext.contact", "pw")
	require.NoError(t, c.Workspaces.AddRoleMember(ctx, ws.ID, customer.ID, ext))
	perms := []xecm.Permission{xecm.PermSee, xecm.PermSeeContents, xecm.PermAddItems}
	res, err := c.Workspaces.AssignRole(ctx, contracts.ID, customer.ID, perms, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems})
	require.NoError(t, err)
	assert.Equal(t, xecm.RoleAssignment{Succeeded: 2, Failed: 0}, res, "the folder and its sub-folder")
	entry, err := c.Permissions.GetAssigned(ctx, contracts.ID, customer.ID)
	require.NoError(t, err)
	assert.ElementsMatch(t, perms, entry.Permissions)

	// A role of another workspace cannot be given access here.
	other, err := c.Workspaces.Create(ctx, customerRequest("NODE-ROLE-2"))
	require.NoError(t, err)
	otherRole, err := c.Workspaces.Role(ctx, other.ID, "Customer")
	require.NoError(t, err)
	_, err = c.Workspaces.AssignRole(ctx, contracts.ID, otherRole.ID, perms, nil)
	require.Error(t, err)

	_, err = c.Workspaces.AddableRoles(ctx, contracts.ID, &xecm.AddableRolesOptions{Sort: "name"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Workspaces.AddableRoles(ctx, 987654, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workspaces.AssignRole(ctx, contracts.ID, 0, perms, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Workspaces.AssignRole(ctx, contracts.ID, customer.ID, []xecm.Permission{"fly"}, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
