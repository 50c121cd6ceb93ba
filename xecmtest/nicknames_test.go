package xecmtest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The server's rules for a nickname, each refused with the spec's 500.
func TestNicknameRules(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	a := c.createFolder(EnterpriseWorkspaceID, "A")
	b := c.createFolder(EnterpriseWorkspaceID, "B")
	set := func(id int64, nick string) (int, string) {
		resp, body := c.form(http.MethodPut, "/v2/nodes/"+strconv.FormatInt(id, 10)+"/nicknames", url.Values{"nickname": {nick}})
		return resp.StatusCode, errMsg(body)
	}
	code, _ := set(a, "alpha")
	require.Equal(t, http.StatusOK, code)
	for nick, want := range map[string]string{
		"":                       "the length of '' is less than the minimum length (1)",
		strings.Repeat("x", 249): "is greater than the maximum length (248)",
		"two words":              "contains one or more of the following bad characters or a space",
		"a-b":                    "contains one or more of the following bad characters or a space",
		"alpha":                  "Nicknames must be unique",
		strconv.FormatInt(a, 10): "Nickname cannot be a number",
	} {
		code, msg := set(b, nick)
		assert.Equal(t, http.StatusInternalServerError, code, "%q", nick)
		assert.Contains(t, msg, want, "%q", nick)
	}
	code, _ = set(b, strconv.FormatInt(b, 10))
	assert.Equal(t, http.StatusOK, code, "a node's own id is a valid nickname")
	code, _ = set(987654, "ghost")
	assert.Equal(t, http.StatusBadRequest, code, "an unknown node")

	resp, body := c.get("/v2/nicknames/alpha/nodes")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.EqualValues(t, a, dig(t, body, "results", "data", "properties", "id"))
	resp, body = c.get("/v2/nicknames/nobody/nodes")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, errMsg(body), "no exact match was found for an item with the Nickname nobody")
}

// SetNickname seeds what the route sets, under the same rules.
func TestSetNicknameSeeds(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	a := c.createFolder(EnterpriseWorkspaceID, "A")
	s.SetNickname(a, "seeded")
	n, _ := s.Node(a)
	assert.Equal(t, "seeded", n.Nickname)
	resp, body := c.get("/v2/nicknames/seeded/nodes")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.EqualValues(t, a, dig(t, body, "results", "data", "properties", "id"))
	b := c.createFolder(EnterpriseWorkspaceID, "B")
	assert.Panics(t, func() { s.SetNickname(b, "seeded") }, "taken")
	assert.Panics(t, func() { s.SetNickname(b, "bad name") })
	assert.Panics(t, func() { s.SetNickname(987654, "ghost") })
}
