package xecmtest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A member listing with a limit above 20 is served 20 at a time, not refused.
func TestGroupMembersLimitIsCapped(t *testing.T) {
	s := newServer(t)
	var ids []int64
	for i := range 25 {
		ids = append(ids, s.AddUser(fmt.Sprintf("user%02d", i), "pw"))
	}
	g := s.AddGroup("Many", ids...)
	c := admin(t, s)
	resp, m := c.get(fmt.Sprintf("/v2/members/%d/members?limit=100", g))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Len(t, m["results"], 20)
	assert.EqualValues(t, 20, dig(t, m, "collection", "paging", "limit"))
	assert.EqualValues(t, 25, dig(t, m, "collection", "paging", "total_count"))
	resp, m = c.get("/v2/members?limit=50")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.EqualValues(t, 20, dig(t, m, "collection", "paging", "limit"))
}

// member "memberof". {id}/memberof lists another user's, for an admin.
func TestMemberOf(t *testing.T) {
	s := newServer(t)
	g := s.AddGroup("Reviewers", 1001)
	jdoe := login(t, s, "jdoe", "jdoe-pw")
	resp, m := jdoe.get("/v2/members/memberof")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	var names []any
	for _, r := range m["results"].([]any) {
		names = append(names, dig(t, r, "data", "properties", "name"))
	}
	assert.Equal(t, []any{"DefaultGroup", "Reviewers"}, names)

	resp, m = admin(t, s).get("/v2/members/1001/memberof")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Len(t, m["results"], 2)
	resp, _ = jdoe.get("/v2/members/1002/memberof")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	resp, _ = jdoe.get(fmt.Sprintf("/v2/members/%d/memberof", g))
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode, "a group is no user")
}
