package xecmtest

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestLogKeepsTheKeysOfTheBodyJSON(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, m := c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "Logged"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	c.form(http.MethodPost, "/v2/nodes", url.Values{"body": {"[1,2]"}})
	c.form(http.MethodPost, "/v2/nodes", url.Values{"type": {"0"}, "parent_id": {"2000"}, "name": {"Plain"}})

	var got [][]string
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && r.APIPath == "/v2/nodes" {
			got = append(got, r.BodyKeys)
		}
	}
	assert.Equal(t, [][]string{{"name", "parent_id", "type"}, nil, nil}, got, "the keys of a JSON object only")
}
