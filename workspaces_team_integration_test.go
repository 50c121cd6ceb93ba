package xecm_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestWorkspaceTeamAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("TEAM-1"))
	require.NoError(t, err)
	customer, err := c.Workspaces.Role(ctx, ws.ID, "Customer")
	require.NoError(t, err)
	// An external customer contact and a group of its colleagues get the Customer role.
	ext := sim.AddUser("ext.buyer", "pw")
	group := sim.AddGroup("ACME buyers", ext)
	var many []int64
	for i := range 5 {
		many = append(many, sim.AddUser(fmt.Sprintf("buyer%d", i), "pw"))
	}
	for _, id := range append([]int64{ext, group}, many...) {
		require.NoError(t, c.Workspaces.AddRoleMember(ctx, ws.ID, customer.ID, id))
	}

	// The team: the leader role first, then the others by name.
	page, err := c.Workspaces.Team(ctx, ws.ID, &xecm.TeamOptions{MembersPerEntry: 3})
	require.NoError(t, err)
	var names []string
	for _, e := range page.Items {
		names = append(names, e.Name)
		assert.Equal(t, xecm.MemberWorkspaceRole, e.Type)
	}
	assert.Equal(t, []string{"Account Manager", "Customer", "Sales"}, names)
	assert.Equal(t, 3, page.TotalCount)
	assert.True(t, page.Items[0].Leader)
	require.Len(t, page.Items[0].Members, 1, "the creator leads the workspace")
	assert.Equal(t, "Admin", page.Items[0].Members[0].Name)
	assert.Len(t, page.Items[1].Members, 3, "MembersPerEntry caps each entry's members")
	assert.Empty(t, page.Items[2].Members)

	// Every member of the Customer role, page by page.
	var got []int64
	for m, err := range c.Workspaces.TeamMembersIter(ctx, ws.ID, customer.ID, &xecm.ListOptions{Limit: 2}) {
		require.NoError(t, err)
		got = append(got, m.ID)
	}
	assert.ElementsMatch(t, append([]int64{ext, group}, many...), got)
	first, err := c.Workspaces.TeamMembers(ctx, ws.ID, customer.ID, &xecm.ListOptions{Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, 7, first.TotalCount)
	assert.Equal(t, "ACME buyers", first.Items[0].Name, "members come by name")
	assert.True(t, first.Items[0].IsGroup())

	var entries int
	for e, err := range c.Workspaces.TeamIter(ctx, ws.ID, &xecm.TeamOptions{ListOptions: xecm.ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		assert.NotZero(t, e.ID)
		entries++
	}
	assert.Equal(t, 3, entries)

	_, err = c.Workspaces.TeamMembers(ctx, ws.ID, ext, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "a user is not an entry of the team")
	_, err = c.Workspaces.Team(ctx, 987654, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workspaces.Team(ctx, ws.ID, &xecm.TeamOptions{MembersPerEntry: -1})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Workspaces.TeamMembers(ctx, ws.ID, 0, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestWorkspaceRoleAndRoleMemberAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("ROLE-1"))
	require.NoError(t, err)
	auditor := sim.AddUser("auditor", "pw")
	role, err := c.Workspaces.AddRole(ctx, ws.ID, xecm.WorkspaceRoleRequest{Name: "External Auditor",
		Permissions: xecm.ReadPermissions(), MemberIDs: []int64{auditor}})
	require.NoError(t, err)

	got, err := c.Workspaces.GetRole(ctx, ws.ID, role.ID)
	require.NoError(t, err)
	assert.Equal(t, "External Auditor", got.Name)
	assert.Equal(t, xecm.ReadPermissions(), got.Permissions)
	require.Len(t, got.Members, 1)
	assert.Equal(t, auditor, got.Members[0].ID)

	m, err := c.Workspaces.RoleMember(ctx, ws.ID, role.ID, auditor)
	require.NoError(t, err)
	assert.Equal(t, "auditor", m.Name)
	// Access withdrawn: the auditor is no longer a member.
	require.NoError(t, c.Workspaces.RemoveRoleMember(ctx, ws.ID, role.ID, auditor))
	_, err = c.Workspaces.RoleMember(ctx, ws.ID, role.ID, auditor)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	got, err = c.Workspaces.GetRole(ctx, ws.ID, role.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Members)

	// A role of another workspace is not this one's.
	other, err := c.Workspaces.Create(ctx, customerRequest("ROLE-2"))
	require.NoError(t, err)
	_, err = c.Workspaces.GetRole(ctx, other.ID, role.ID)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workspaces.GetRole(ctx, ws.ID, -1)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Workspaces.RoleMember(ctx, ws.ID, role.ID, 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
