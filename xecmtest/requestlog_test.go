package xecmtest

import (
	"fmt"
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

// Past its bound on answer bytes, the request log lets go of the answers
// of its oldest requests (their Answer is nil) and keeps the newest ones
// and every request itself (as many as its limit).
func TestRequestLogBoundsTheAnswersItKeeps(t *testing.T) {
	for _, limit := range []int{10000, 6} {
		s := New(WithRequestLogLimit(limit))
		t.Cleanup(s.Close)
		s.cfg.requestLogAnswers = 3000 // before any request is served
		s.SetURL(newHTTPTestServer(t, s.Handler()))
		c := admin(t, s)
		for range 10 {
			resp, _ := c.get("/v2/nodes/2000")
			require.Equal(t, http.StatusOK, resp.StatusCode)
		}
		var kept, dropped, total int
		var last []byte
		for _, r := range s.Requests() {
			if r.APIPath != "/v2/nodes/2000" {
				continue
			}
			if r.Answer == nil {
				dropped++
				assert.Zero(t, kept, "answers are let go oldest first")
				continue
			}
			kept++
			total += len(r.Answer)
			last = r.Answer
		}
		assert.Equal(t, min(10, limit), kept+dropped, "every request stays in the log")
		assert.Positive(t, kept)
		requests, answers := s.DroppedFromRequestLog()
		assert.Equal(t, len(s.Requests())+requests, 11, "the login and ten reads: each one logged or counted as dropped")
		if limit == 10000 {
			assert.Equal(t, dropped+1, answers, "every answer let go is counted, the login's (the oldest) too")
		}
		assert.LessOrEqual(t, total, 3000)
		assert.Contains(t, string(last), `"Enterprise Workspace"`)

		s.reqlog.mu.Lock()
		sum := 0
		for _, e := range s.reqlog.entries {
			sum += e.answerSize
		}
		assert.Equal(t, sum, s.reqlog.answerBytes, "the running count is the sum")
		assert.LessOrEqual(t, s.reqlog.answerBytes, 3000)
		s.reqlog.mu.Unlock()
	}
}

// ResetRequests forgets the answers' bytes with the requests: the log
// then keeps as many new answers as an empty log would.
func TestRequestLogResetForgetsTheAnswerBytes(t *testing.T) {
	s := New()
	t.Cleanup(s.Close)
	s.cfg.requestLogAnswers = 3000 // before any request is served
	s.SetURL(newHTTPTestServer(t, s.Handler()))
	c := admin(t, s)
	for range 10 {
		c.get("/v2/nodes/2000")
	}
	s.ResetRequests()
	requests, answers := s.DroppedFromRequestLog()
	assert.Zero(t, requests+answers, "the counts start again")
	for range 12 {
		c.get("/v2/nodes/2000")
	}
	total := 0
	for _, r := range s.Requests() {
		total += len(r.Answer)
	}
	assert.LessOrEqual(t, total, 3000)
	assert.Greater(t, total, 1500, "the newest two answers are kept")
	s.reqlog.mu.Lock()
	defer s.reqlog.mu.Unlock()
	sum := 0
	for _, e := range s.reqlog.entries {
		sum += e.answerSize
	}
	assert.Equal(t, sum, s.reqlog.answerBytes, "the running count is the sum")
}

// However many requests came, Requests answers the newest ones up to the
// limit, oldest first (the log drops its oldest in batches).
func TestRequestLogKeepsTheNewestUpToItsLimit(t *testing.T) {
	s := newServer(t, WithRequestLogLimit(4))
	c := &client{t: t, srv: s}
	for i := range 25 {
		c.get(fmt.Sprintf("/v1/ping?i=%d", i))
		var got []string
		for _, r := range s.Requests() {
			got = append(got, r.Query.Get("i"))
		}
		var want []string
		for j := max(0, i-3); j <= i; j++ {
			want = append(want, fmt.Sprint(j))
		}
		require.Equal(t, want, got, "after request %d", i)
	}
}
