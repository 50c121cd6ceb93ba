package xecmtest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A request is in the log as soon as its answer has begun: a client that
// has its status finds the request in Requests, even while the body is
// still being written.
func TestRequestIsLoggedBeforeTheAnswer(t *testing.T) {
	s := New()
	t.Cleanup(s.Close)
	release := make(chan struct{})
	s.apiRaw("GET /v2/nodes/{id}/view/plain", 0, func(c *call) error {
		c.w.WriteHeader(http.StatusOK)
		_ = http.NewResponseController(c.w).Flush()
		<-release
		_, err := c.w.Write([]byte("text"))
		return err
	})
	s.SetURL(newHTTPTestServer(t, s.Handler()))
	c := admin(t, s)
	s.ResetRequests()

	r, err := http.NewRequest(http.MethodGet, s.URL+"/api/v2/nodes/2000/view/plain", nil)
	require.NoError(t, err)
	r.Header.Set("OTCSTicket", c.ticket)
	resp, err := http.DefaultClient.Do(r) // returns once the status line is in
	require.NoError(t, err)
	defer resp.Body.Close()
	reqs := s.Requests()
	close(release)
	require.Len(t, reqs, 1, "the request is logged while its body is still to come")
	assert.Equal(t, http.StatusOK, reqs[0].Status)
	assert.Equal(t, "/v2/nodes/2000/view/plain", reqs[0].APIPath)
}
