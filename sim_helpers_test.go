package xecm_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/xecmtest"
)

// startSim starts a simulator and returns it with a client logged in as
// Admin, retrying fast; opts come after those and so override them. See
// newSim for what is checked when the test ends.
func startSim(t *testing.T, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	return newSim(t, true, nil, opts...)
}

// startSimWith is startSim for a simulator built with simOpts.
func startSimWith(t *testing.T, simOpts []xecmtest.Option, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	return newSim(t, true, simOpts, opts...)
}

// startSimUncounted is startSim for tests whose requests are not the SDK's
// own calls (Client.Do sends whatever route its caller names): they are
// held to the specs but left out of the coverage report.
func startSimUncounted(t *testing.T, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	return newSim(t, false, nil, opts...)
}

// newSim is the one place SDK tests start a simulator. It is closed when
// the test ends, and then every request it received, from this client or
// any other, is held to the vendor specs by simcheck.Requests: a request
// outside them fails the test. When counted, the SDK's requests go to the
// coverage log (simcheck.LogSDKCalls).
func newSim(t *testing.T, counted bool, simOpts []xecmtest.Option, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	sim := xecmtest.NewServer(simOpts...)
	t.Cleanup(sim.Close)
	all := append([]xecm.Option{xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries)}, opts...)
	c, err := xecm.NewClient(sim.URL, all...)
	require.NoError(t, err)
	t.Cleanup(func() {
		// Closing waits for the requests under way: the simulator logs a
		// request after answering it, so the last one is in the log only then.
		sim.Close()
		simcheck.Requests(t, sim)
		simcheck.Answers(t, sim)
		if counted {
			simcheck.LogSDKCalls(t, sim)
		}
	})
	return sim, c
}

// clientAs returns a client for the simulator logged in as another user.
func clientAs(t *testing.T, sim *xecmtest.Server, user, password string) *xecm.Client {
	t.Helper()
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword(user, password), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	return c
}

// steppingClock is a simulator clock that the test moves on.
type steppingClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now is the simulator's clock (xecmtest.WithClock(clock.Now)).
func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *steppingClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
