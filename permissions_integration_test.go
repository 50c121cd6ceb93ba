package xecm_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestMembersAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	for i := range 30 {
		sim.AddUser(fmt.Sprintf("user%02d", i), "pw")
	}
	legal := sim.AddGroup("Legal", 1001, 1002)

	me, err := c.Members.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Admin", me.Name)
	u, err := c.Members.Get(ctx, 1001)
	require.NoError(t, err)
	assert.Equal(t, "John", u.FirstName)
	g, err := c.Members.Get(ctx, legal)
	require.NoError(t, err)
	assert.True(t, g.IsGroup())
	_, err = c.Members.Get(ctx, 99999)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	// 33 users; the server serves at most 20 a page, the SDK pages past it.
	p, err := c.Members.List(ctx, &xecm.MemberListOptions{ListOptions: xecm.ListOptions{Limit: 25}, Types: []xecm.MemberType{xecm.MemberUser}})
	require.NoError(t, err)
	assert.Len(t, p.Items, 25)
	assert.Equal(t, 33, p.TotalCount)
	assert.Equal(t, 2, p.PageTotal)
	p2, err := c.Members.List(ctx, &xecm.MemberListOptions{ListOptions: xecm.ListOptions{Page: 2, Limit: 25}, Types: []xecm.MemberType{xecm.MemberUser}})
	require.NoError(t, err)
	assert.Len(t, p2.Items, 8)
	seen := map[int64]bool{}
	for m, err := range c.Members.ListIter(ctx, &xecm.MemberListOptions{ListOptions: xecm.ListOptions{Limit: 50}, Types: []xecm.MemberType{xecm.MemberUser}}) {
		require.NoError(t, err)
		assert.False(t, seen[m.ID], "no duplicates")
		seen[m.ID] = true
	}
	assert.Len(t, seen, 33)

	found, err := c.Members.List(ctx, &xecm.MemberListOptions{Query: "smith"})
	require.NoError(t, err)
	require.Len(t, found.Items, 1)
	assert.Equal(t, int64(1002), found.Items[0].ID)
	groups, err := c.Members.List(ctx, &xecm.MemberListOptions{Types: []xecm.MemberType{xecm.MemberGroup}, WhereName: "leg"})
	require.NoError(t, err)
	require.Len(t, groups.Items, 1)

	var names []string
	for m, err := range c.Members.GroupMembersIter(ctx, legal, nil) {
		require.NoError(t, err)
		names = append(names, m.Name)
	}
	assert.Equal(t, []string{"jdoe", "msmith"}, names)
}

func TestPermissionsAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Confidential matter"})
	require.NoError(t, err)
	folders, err := c.Nodes.ListChildren(ctx, ws.ID, nil)
	require.NoError(t, err)
	evidence := folders.Items[1]

	// A user without permission does not see the workspace at all; the
	// server answers as for a node that does not exist.
	_, err = jdoe.Workspaces.Get(ctx, ws.ID)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = jdoe.Nodes.Get(ctx, evidence.ID, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = jdoe.Permissions.Get(ctx, ws.ID)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	p, err := jdoe.Workspaces.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, p.Items, "invisible workspaces are not listed")

	perms, err := c.Permissions.Get(ctx, ws.ID)
	require.NoError(t, err)
	require.NotNil(t, perms.Owner)
	assert.Equal(t, int64(1000), perms.Owner.MemberID)
	assert.Nil(t, perms.Public, "the template removes public access")
	assert.Len(t, perms.Assigned, 3, "one entry per role")

	// Read access to the workspace and everything in it.
	require.NoError(t, c.Permissions.AddAssigned(ctx, ws.ID, 1001, xecm.ReadPermissions, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}))
	e, err := c.Permissions.GetAssigned(ctx, evidence.ID, 1001)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions, e.Permissions, "apply_to reached the sub-items")
	got, err := jdoe.Nodes.Get(ctx, evidence.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "Evidence", got.Name)
	eff, err := c.Permissions.Effective(ctx, evidence.ID, 1001)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions, eff)

	// Visible but not writable: refused as forbidden.
	err = jdoe.Nodes.Update(ctx, evidence.ID, xecm.NodeUpdateRequest{Name: xecm.Ptr("Mine")})
	assert.ErrorIs(t, err, xecm.ErrForbidden)
	_, err = jdoe.Nodes.CreateFolder(ctx, evidence.ID, "Sub", nil)
	assert.ErrorIs(t, err, xecm.ErrForbidden)
	err = jdoe.Permissions.AddAssigned(ctx, evidence.ID, 1002, xecm.ReadPermissions, nil)
	assert.ErrorIs(t, err, xecm.ErrForbidden)

	// Write access on the evidence folder only.
	require.NoError(t, c.Permissions.UpdateAssigned(ctx, evidence.ID, 1001, []xecm.Permission{xecm.PermSee, xecm.PermSeeContents, xecm.PermModify, xecm.PermAddItems}, nil))
	require.NoError(t, jdoe.Nodes.Update(ctx, evidence.ID, xecm.NodeUpdateRequest{Description: xecm.Ptr("exhibits")}))
	_, err = jdoe.Nodes.CreateFolder(ctx, evidence.ID, "Exhibit A", nil)
	require.NoError(t, err)
	assert.Contains(t, sim.EffectivePermissions(evidence.ID, 1001), "add_items")

	// Role membership grants the role's permissions.
	counsel, err := c.Workspaces.Role(ctx, ws.ID, "External Counsel")
	require.NoError(t, err)
	msmith := clientAs(t, sim, "msmith", "msmith-pw")
	_, err = msmith.Workspaces.Get(ctx, ws.ID)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	require.NoError(t, c.Workspaces.AddRoleMember(ctx, ws.ID, counsel.ID, 1002))
	_, err = msmith.Workspaces.Get(ctx, ws.ID)
	require.NoError(t, err)

	// Removing the access with apply_to takes it from the whole tree.
	require.NoError(t, c.Permissions.RemoveAssigned(ctx, ws.ID, 1001, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}))
	_, err = jdoe.Nodes.Get(ctx, evidence.ID, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Permissions.GetAssigned(ctx, ws.ID, 1001)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Positive(t, countEvents(sim.AuditTrail(evidence.ID), xecmtest.EventPermissionChanged))
}
