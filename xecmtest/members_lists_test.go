package xecmtest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The recently accessed list keeps the 25 latest accesses, newest first,
// and lists only what the caller may still see.
func TestRecentlyAccessedKeepsTheLatest25(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	folder := c.createFolder(2000, "Many")
	s.mu.Lock()
	for i := range 30 {
		s.noteAccessedLocked(adminUserID, int64(10000+i)) // no such nodes: left out of the answer
	}
	s.noteAccessedLocked(adminUserID, folder)
	require.Len(t, s.lists.accessed[adminUserID], maxAccessed)
	assert.Equal(t, folder, s.lists.accessed[adminUserID][0].NodeID)
	assert.Equal(t, int64(10029), s.lists.accessed[adminUserID][1].NodeID)
	s.mu.Unlock()

	resp, m := c.get("/v2/members/accessed")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	require.Len(t, m["results"], 1)
	assert.EqualValues(t, folder, dig(t, m["results"].([]any)[0], "data", "properties", "id"))
	assert.NotEmpty(t, dig(t, m["results"].([]any)[0], "data", "properties_user", "access_date_last"))

	resp, m = c.get("/v2/members/accessed?class_mask=1")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
	resp, m = c.get(fmt.Sprintf("/v2/members/accessed?where_parent_id=%s", "x"))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
}
