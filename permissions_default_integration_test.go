package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestDefaultAccessAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	msmith := clientAs(t, sim, "msmith", "msmith-pw")
	folder, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Team", nil)
	require.NoError(t, err)
	sub, err := c.Nodes.CreateFolder(ctx, folder.ID, "Minutes", nil)
	require.NoError(t, err)

	// The seeded default access: Admin owns, DefaultGroup (everyone) may
	// write, and public access reads.
	owner, err := c.Permissions.GetOwner(ctx, folder.ID)
	require.NoError(t, err)
	assert.Equal(t, xecm.AccessOwner, owner.Kind)
	assert.Equal(t, int64(1000), owner.MemberID)
	assert.Equal(t, xecm.AllPermissions(), owner.Permissions)
	group, err := c.Permissions.GetOwnerGroup(ctx, folder.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(2001), group.MemberID)
	assert.True(t, group.Has(xecm.PermModify))
	public, err := c.Permissions.GetPublic(ctx, folder.ID)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions(), public.Permissions)
	require.NoError(t, jdoe.Nodes.Update(ctx, folder.ID, xecm.NodeUpdateRequest{Description: xecm.Ptr("by a group member")}))

	// Owner group narrowed to reading: members may no longer write.
	require.NoError(t, c.Permissions.UpdateOwnerGroup(ctx, folder.ID, xecm.ReadPermissions(), nil))
	group, err = c.Permissions.GetOwnerGroup(ctx, folder.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(2001), group.MemberID, "the group stays")
	assert.Equal(t, xecm.ReadPermissions(), group.Permissions)
	err = jdoe.Nodes.Update(ctx, folder.ID, xecm.NodeUpdateRequest{Description: xecm.Ptr("again")})
	assert.ErrorIs(t, err, xecm.ErrForbidden)
	err = jdoe.Permissions.UpdatePublic(ctx, folder.ID, xecm.AllPermissions(), nil)
	assert.ErrorIs(t, err, xecm.ErrForbidden, "changing default access needs edit_permissions")

	// Removing public and owner group access over the tree hides it.
	all := &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}
	require.NoError(t, c.Permissions.RemovePublic(ctx, folder.ID, all))
	require.NoError(t, c.Permissions.RemoveOwnerGroup(ctx, folder.ID, all))
	for _, id := range []int64{folder.ID, sub.ID} {
		p, err := c.Permissions.Get(ctx, id)
		require.NoError(t, err)
		assert.Nil(t, p.Public, "removed on %d", id)
		assert.Nil(t, p.OwnerGroup, "removed on %d", id)
		require.NotNil(t, p.Owner)
		_, err = jdoe.Nodes.Get(ctx, id, nil)
		assert.ErrorIs(t, err, xecm.ErrNotFound)
	}

	// A new owner gets the owner's permissions and sees the folder again.
	require.NoError(t, c.Permissions.ChangeOwner(ctx, folder.ID, 1001, []xecm.Permission{xecm.PermSee, xecm.PermSeeContents, xecm.PermModify}, nil))
	owner, err = c.Permissions.GetOwner(ctx, folder.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1001), owner.MemberID)
	got, err := jdoe.Nodes.Get(ctx, folder.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1001), got.OwnerUserID)
	require.NoError(t, jdoe.Nodes.Update(ctx, folder.ID, xecm.NodeUpdateRequest{Description: xecm.Ptr("mine")}))
	_, err = jdoe.Nodes.Get(ctx, sub.ID, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "apply_to 0 changed the folder only")

	// Removing the owner entry takes the owner's permissions; restoring it
	// (same owner, no right_id) gives them back.
	require.NoError(t, c.Permissions.RemoveOwner(ctx, folder.ID, nil))
	p, err := c.Permissions.Get(ctx, folder.ID)
	require.NoError(t, err)
	assert.Nil(t, p.Owner)
	_, err = jdoe.Nodes.Get(ctx, folder.ID, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	require.NoError(t, c.Permissions.UpdateOwner(ctx, folder.ID, xecm.ReadPermissions(), nil))
	eff, err := c.Permissions.Effective(ctx, folder.ID, 1001)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions(), eff)

	// No public permissions is an empty entry, not a removed one.
	require.NoError(t, c.Permissions.UpdatePublic(ctx, folder.ID, nil, nil))
	p, err = c.Permissions.Get(ctx, folder.ID)
	require.NoError(t, err)
	require.NotNil(t, p.Public)
	assert.Empty(t, p.Public.Permissions)

	// Another owner group: its members see the folder.
	reviewers := sim.AddGroup("Reviewers", 1002)
	_, err = msmith.Nodes.Get(ctx, folder.ID, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	require.NoError(t, c.Permissions.ChangeOwnerGroup(ctx, folder.ID, reviewers, xecm.ReadPermissions(), nil))
	group, err = c.Permissions.GetOwnerGroup(ctx, folder.ID)
	require.NoError(t, err)
	assert.Equal(t, reviewers, group.MemberID)
	_, err = msmith.Nodes.Get(ctx, folder.ID, nil)
	require.NoError(t, err)

	// The owner is a user and the owner group a group.
	var apiErr *xecm.APIError
	err = c.Permissions.ChangeOwnerGroup(ctx, folder.ID, 1002, xecm.ReadPermissions(), nil)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)
	err = c.Permissions.ChangeOwner(ctx, folder.ID, reviewers, xecm.ReadPermissions(), nil)
	require.ErrorAs(t, err, &apiErr)
	group, err = c.Permissions.GetOwnerGroup(ctx, folder.ID)
	require.NoError(t, err)
	assert.Equal(t, reviewers, group.MemberID, "a refused change changes nothing")

	// Not containers: apply_to reaches nothing below them.
	doc, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: "note.txt", Content: strings.NewReader("x")})
	require.NoError(t, err)
	err = c.Permissions.RemovePublic(ctx, doc.Node.ID, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToSubItems})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Positive(t, countEvents(sim.AuditTrail(sub.ID), xecmtest.EventPermissionChanged))
}
