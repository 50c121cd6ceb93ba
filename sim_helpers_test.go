package xecm_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/xecmtest"
)

// startSim starts a simulator and returns it with a client logged in as
// Admin. It is startSimWith without simulator options.
func startSim(t *testing.T, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	return startSimWith(t, nil, opts...)
}

// startSimWith starts a simulator built with simOpts and returns it with a
// client logged in as Admin. When the test ends, every request the client
// sent is held to the vendor specs: its method and path must be an
// operation there, and its query parameters must be ones the operation
// declares.
func startSimWith(t *testing.T, simOpts []xecmtest.Option, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	sim := xecmtest.NewServer(simOpts...)
	t.Cleanup(sim.Close)
	all := append([]xecm.Option{xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries)}, opts...)
	c, err := xecm.NewClient(sim.URL, all...)
	require.NoError(t, err)
	t.Cleanup(func() { checkSpecConformance(t, sim) })
	return sim, c
}

// clientAs returns a client for the simulator logged in as another user.
func clientAs(t *testing.T, sim *xecmtest.Server, user, password string) *xecm.Client {
	t.Helper()
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword(user, password), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	return c
}

func checkSpecConformance(t *testing.T, sim *xecmtest.Server) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range sim.Requests() {
		if r.APIPath == "" || r.Status == http.StatusNotFound && strings.HasPrefix(r.APIPath, "/admin") {
			continue // OTDS and simulator-only endpoints are not Content Server routes
		}
		key := r.Method + " " + r.APIPath
		if seen[key] {
			continue
		}
		seen[key] = true
		if err := specroutes.CheckRequest(r.Method, r.APIPath, r.Query, nil); err != nil {
			t.Errorf("request not in the vendor specs: %s %s: %v", r.Method, r.APIPath, err)
		}
	}
}

func TestSimulatorRoutesAreInTheSpecs(t *testing.T) {
	sim := xecmtest.NewServer()
	defer sim.Close()
	routes := sim.Routes()
	require.NotEmpty(t, routes)
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		if _, ok := specroutes.Match(method, path); !ok {
			t.Errorf("the simulator serves %s, which no vendor spec defines", r)
		}
	}
}
