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

	c.get("/v1/ping")
	s.InjectFault(Fault{Method: "GET", Path: "/v1/ping", Status: 503})
	c.get("/v1/ping")

	var got [][]string
	var answers [][]byte
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && r.APIPath == "/v2/nodes" {
			got = append(got, r.BodyKeys)
		}
		if r.APIPath == "/v1/ping" {
			answers = append(answers, r.Answer)
		}
	}
	assert.Equal(t, [][]string{{"name", "parent_id", "type"}, nil, nil}, got, "the keys of a JSON object only")
	require.Len(t, answers, 2)
	assert.Contains(t, string(answers[0]), `"build"`, "the JSON answer is kept")
	assert.Nil(t, answers[1], "not the answer of an injected fault")
}
