package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestMembersCreateAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	g, err := admin.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberGroup, Name: "Buyers"})
	require.NoError(t, err)
	assert.True(t, g.IsGroup())
	assert.Equal(t, "Buyers", g.Name)

	u, err := admin.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberUser, Name: "kbuyer", GroupID: g.ID,
		FirstName: "Kim", LastName: "Buyer", Email: "kim@example.com", Password: "kim-pw"})
	require.NoError(t, err)
	assert.False(t, u.IsGroup())
	assert.Equal(t, g.ID, u.GroupID)
	got, err := admin.Members.Get(ctx, u.ID)
	require.NoError(t, err)
	assert.Equal(t, "Kim", got.FirstName)
	assert.Equal(t, "kim@example.com", got.Email)
	// The new user logs in with the password given.
	me, err := clientAs(t, sim, "kbuyer", "kim-pw").Members.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, u.ID, me.ID)

	var apiErr *xecm.APIError
	_, err = admin.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberGroup, Name: "Buyers"})
	require.ErrorAs(t, err, &apiErr, "a name in use")
	_, err = admin.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberUser, Name: "nogroup", GroupID: 999999})
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "Group")
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	_, err = jdoe.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberGroup, Name: "Mine"})
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "Insufficient privileges")

	for _, bad := range []xecm.MemberCreate{{Type: 7, Name: "x"}, {Type: xecm.MemberGroup}, {Type: xecm.MemberUser, Name: "x"}} {
		_, err = admin.Members.Create(ctx, bad)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	}
}

func TestMembersUpdateAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	g, err := admin.Members.Create(ctx, xecm.MemberCreate{Type: xecm.MemberGroup, Name: "Buyers"})
	require.NoError(t, err)
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	me, err := jdoe.Members.Me(ctx)
	require.NoError(t, err)

	u, err := admin.Members.Update(ctx, me.ID, xecm.MemberUpdate{LastName: "Doe-Smith", GroupID: g.ID})
	require.NoError(t, err)
	assert.Equal(t, "Doe-Smith", u.LastName)
	assert.Equal(t, "John", u.FirstName, "left as it was")
	assert.Equal(t, g.ID, u.GroupID)
	g2, err := admin.Members.Update(ctx, g.ID, xecm.MemberUpdate{Name: "Purchasing"})
	require.NoError(t, err)
	assert.Equal(t, "Purchasing", g2.Name)

	var apiErr *xecm.APIError
	_, err = jdoe.Members.Update(ctx, me.ID, xecm.MemberUpdate{LastName: "X"})
	require.ErrorAs(t, err, &apiErr)
	_, err = admin.Members.Update(ctx, me.ID, xecm.MemberUpdate{GroupID: 999999})
	require.ErrorAs(t, err, &apiErr)
	_, err = admin.Members.Update(ctx, me.ID, xecm.MemberUpdate{})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
