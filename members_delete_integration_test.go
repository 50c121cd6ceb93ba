package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestMembersDeleteAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	g, err := admin.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberGroup, Name: "Temps"})
	require.NoError(t, err)
	u, err := admin.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberUser, Name: "temp1", GroupID: g.ID, Password: "temp-pw"})
	require.NoError(t, err)
	temp := clientAs(t, sim, "temp1", "temp-pw")
	_, err = temp.Members.Me(ctx)
	require.NoError(t, err)

	// Only an administrator deletes.
	var apiErr *xecm.APIError
	require.ErrorAs(t, clientAs(t, sim, "jdoe", "jdoe-pw").Members.Delete(ctx, u.ID), &apiErr)
	assert.Contains(t, apiErr.Message, "Insufficient privileges")

	require.NoError(t, admin.Members.Delete(ctx, u.ID))
	// The record stays, marked deleted; searches and the group forget it.
	got, err := admin.Members.Get(ctx, u.ID)
	require.NoError(t, err)
	assert.True(t, got.Deleted)
	page, err := admin.Members.List(ctx, &xecm.MemberListOptions{WhereName: "temp1"})
	require.NoError(t, err)
	assert.Empty(t, page.Items)
	members, err := admin.Members.GroupMembers(ctx, g.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, members.Items)
	// The deleted user's session and password stop working.
	_, err = temp.Members.Me(ctx)
	assert.ErrorIs(t, err, xecm.ErrUnauthorized)
	_, err = clientAs(t, sim, "temp1", "temp-pw").Members.Me(ctx)
	assert.ErrorIs(t, err, xecm.ErrUnauthorized)

	// A second delete is the server's "already deleted", read as not found.
	err = admin.Members.Delete(ctx, u.ID)
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "already deleted")
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.ErrorIs(t, admin.Members.Delete(ctx, 999999), xecm.ErrNotFound)

	// Groups are deleted alike, and their name is free again.
	require.NoError(t, admin.Members.Delete(ctx, g.ID))
	got, err = admin.Members.Get(ctx, g.ID)
	require.NoError(t, err)
	assert.True(t, got.Deleted && got.IsGroup())
	again, err := admin.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberGroup, Name: "Temps"})
	require.NoError(t, err)
	assert.NotEqual(t, g.ID, again.ID)
	assert.Error(t, admin.Members.AddGroupMembers(ctx, g.ID, again.ID), "a deleted group takes no members")

	assert.ErrorIs(t, admin.Members.Delete(ctx, 0), xecm.ErrInvalidArgument)
}
