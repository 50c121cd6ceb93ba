package xecm_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestUserAgentAndHTTPClientOptions(t *testing.T) {
	var ua string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		ua = r.Header.Get("User-Agent")
		return http.DefaultTransport.RoundTrip(r)
	})}
	sim, _ := startSim(t)
	c, err := xecm.NewClient(sim.URL, xecm.WithHTTPClient(hc), xecm.WithUserAgent("crm-sync/2.1"), xecm.WithTicket("x"))
	require.NoError(t, err)
	_, err = c.Ping(t.Context())
	require.NoError(t, err)
	assert.Regexp(t, `^crm-sync/2\.1 xecm-go/\d+\.\d+\.\d+$`, ua)
	_, err = xecm.NewClient(sim.URL, xecm.WithHTTPClient(nil))
	require.Error(t, err)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The simulator's web server answers outside its CGI path as a web server
// does: a base URL without /otcs/cs.exe fails at login, saying so.
func TestBaseURLWithoutTheCGIPathAgainstSimulator(t *testing.T) {
	sim, _ := startSim(t)
	root := strings.TrimSuffix(sim.URL, "/otcs/cs.exe")
	require.NotEqual(t, sim.URL, root, "the simulator serves under the CGI path")
	c, err := xecm.NewClient(root, xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	_, err = c.Nodes.Get(t.Context(), xecmtest.EnterpriseWorkspaceID, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.NotErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), `404 Not Found from outside the Content Server API: the base URL "`+root+`" is likely wrong`)
}
