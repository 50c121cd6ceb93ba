package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

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
	require.NoError(t, c.Permissions.AddAssigned(ctx, ws.ID, 1001, xecm.ReadPermissions(), &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}))
	e, err := c.Permissions.GetAssigned(ctx, evidence.ID, 1001)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions(), e.Permissions, "apply_to reached the sub-items")
	got, err := jdoe.Nodes.Get(ctx, evidence.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "Evidence", got.Name)
	eff, err := c.Permissions.Effective(ctx, evidence.ID, 1001)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions(), eff)

	// Visible but not writable: refused as forbidden.
	err = jdoe.Nodes.Update(ctx, evidence.ID, xecm.NodeUpdateRequest{Name: xecm.Ptr("Mine")})
	assert.ErrorIs(t, err, xecm.ErrForbidden)
	_, err = jdoe.Nodes.CreateFolder(ctx, evidence.ID, "Sub", nil)
	assert.ErrorIs(t, err, xecm.ErrForbidden)
	err = jdoe.Permissions.AddAssigned(ctx, evidence.ID, 1002, xecm.ReadPermissions(), nil)
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
