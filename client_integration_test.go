package xecm_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
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
