package xecmtest

import (
	"fmt"
	"net/http"
	"strconv"
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

// A group without a name is a seeding mistake: it fails at AddGroup, not
// later in every members request that lists it (a panicking handler).
func TestAddGroupRefusesAnEmptyName(t *testing.T) {
	s := newServer(t)
	assert.Panics(t, func() { s.AddGroup("") })
	resp, _ := admin(t, s).get("/v2/members?where_type=1")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// Initials are whole letters, also for names that do not start in ASCII.
func TestMemberInitialsAreWholeLetters(t *testing.T) {
	s := newServer(t)
	g := s.AddGroup("Éditeurs")
	resp, body := admin(t, s).get("/v2/members/" + strconv.FormatInt(g, 10))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	props := body["results"].(map[string]any)["data"].(map[string]any)["properties"].(map[string]any)
	assert.Equal(t, "É", props["initials"])
}

// The spec: an unknown member is 500 "Could not get a member for {id}";
// the members of something that is not a group, 500 "Invalid group {id}".
func TestMemberNotFoundAnswersAsTheSpec(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, body := c.get("/v2/members/99999")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, "Could not get a member for 99999", body["error"])
	resp, body = c.get("/v2/members/99999/members")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, "Could not get a member for 99999", body["error"])
	resp, body = c.get("/v2/members/1001/members")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, "Invalid group 1001", body["error"])
}
