package xecm_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// A member answer without the member (a proxy's {}, an empty results) is
// an error, not a blank Member carrying the asked-for ID.
func TestMembersGetRefusesAnAnswerWithoutTheMember(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	for _, body := range []string{`{}`, `{"results":{}}`, `{"results":[]}`, `{"results":{"data":{}}}`} {
		mt.RegisterResponder("GET", api("v2/members/1001"), jsonResp(200, body))
		m, err := c.Members.Get(t.Context(), 1001)
		assert.Nil(t, m, body)
		assert.ErrorContains(t, err, "malformed response", body)
	}
}

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
