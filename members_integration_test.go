package xecm_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

// The server pages members by 10 unless told otherwise (PYX get_users:
// "internal default is 10"), and at most by 20. Iterating without a
// limit walks every page.
func TestMembersDefaultPageAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	for i := range 12 {
		sim.AddUser(fmt.Sprintf("clerk%02d", i), "pw")
	}
	p, err := c.Members.List(t.Context(), &xecm.MemberListOptions{Types: []xecm.MemberType{xecm.MemberUser}})
	require.NoError(t, err)
	assert.Len(t, p.Items, 10)
	assert.Equal(t, 10, p.Limit)
	assert.Equal(t, 2, p.PageTotal)
	n := 0
	for _, err := range c.Members.ListIter(t.Context(), &xecm.MemberListOptions{Types: []xecm.MemberType{xecm.MemberUser}}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 15, n)
}

// The members sort takes any of the spec's columns, asc_ or desc_ (asc
// when neither).
func TestMembersSortByColumnAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	zed := sim.AddGroup("Zed", 1000, 1001, 1002)
	names := func(sort string) []string {
		p, err := c.Members.GroupMembers(t.Context(), zed, &xecm.GroupMembersOptions{Sort: sort})
		require.NoError(t, err)
		var out []string
		for _, m := range p.Items {
			out = append(out, m.Name)
		}
		return out
	}
	// Admin Admin, John Doe, Mary Smith; mail admin@, jdoe@, msmith@.
	assert.Equal(t, []string{"msmith", "jdoe", "Admin"}, names("desc_first_name"))
	assert.Equal(t, []string{"msmith", "jdoe", "Admin"}, names("desc_last_name"))
	assert.Equal(t, []string{"msmith", "jdoe", "Admin"}, names("desc_mailaddress"))
	assert.Equal(t, []string{"Admin", "jdoe", "msmith"}, names("asc_name"))
}

func TestMembersOfAMissingGroupAreNotFoundAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	_, err := c.Members.GroupMembers(t.Context(), 99999, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Members.Get(t.Context(), 99999)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

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

func TestGroupMembersPageAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	var ids []int64
	for i := range 25 {
		ids = append(ids, sim.AddUser(fmt.Sprintf("user%02d", i), "pw"))
	}
	g := sim.AddGroup("Auditors", ids...)
	p, err := c.Members.GroupMembers(ctx, g, &xecm.GroupMembersOptions{ListOptions: xecm.ListOptions{Limit: 10}, Sort: "asc_name"})
	require.NoError(t, err)
	assert.Len(t, p.Items, 10)
	assert.Equal(t, 25, p.TotalCount)
	assert.Equal(t, "user00", p.Items[0].Name)
	n := 0
	for m, err := range c.Members.GroupMembersIter(ctx, g, nil) {
		require.NoError(t, err)
		assert.NotZero(t, m.ID)
		n++
	}
	assert.Equal(t, 25, n)
	_, err = c.Members.GroupMembers(ctx, 0, nil)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
