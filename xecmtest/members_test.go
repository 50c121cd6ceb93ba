package xecmtest

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
