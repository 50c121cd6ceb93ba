package xecm_test

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/xecmtest"
)

// startSim starts a simulator and returns it with a client logged in as
// Admin, retrying fast; opts come after those and so override them. It is
// startSimWith without simulator options; see there for what is checked.
func startSim(t *testing.T, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	return startSimWith(t, nil, opts...)
}

// startSimWith starts a simulator built with simOpts and returns it with a
// client logged in as Admin, retrying fast; opts come after those and so
// override them. The simulator is closed when the test ends, and then every
// request it received, from this client or any other, is held to the vendor
// specs by checkSimRequests: a request outside them fails the test.
func startSimWith(t *testing.T, simOpts []xecmtest.Option, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	sim := xecmtest.NewServer(simOpts...)
	t.Cleanup(sim.Close)
	all := append([]xecm.Option{xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries)}, opts...)
	c, err := xecm.NewClient(sim.URL, all...)
	require.NoError(t, err)
	t.Cleanup(func() { checkSimRequests(t, sim) })
	return sim, c
}

// clientAs returns a client for the simulator logged in as another user.
func clientAs(t *testing.T, sim *xecmtest.Server, user, password string) *xecm.Client {
	t.Helper()
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword(user, password), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	return c
}

// checkSimRequests fails the test for each request the simulator received
// that the vendor specs do not declare: its method and path must be an
// operation of internal/specroutes, and its query parameter names and form
// field names must be ones that operation declares. Requests outside the
// Content Server API (OTDS, simulator administration) are not checked.
//
// What the specs say in prose rather than in their parameter lists, or
// leave out where other evidence shows it, is allowed: the form field
// "body", which carries the declared fields as JSON (the Content Server
// convention); the rm_metadataToken query of the RM classification DELETE;
// and on the task PUT the fields "assignee" (a delegation or review names
// its user: the reference's workflow table, from pyxecm) and
// "assigneeOption" (OpenText's Smart UI sends it with every review,
// workflow/models/workitem/workitem.model.js).
func checkSimRequests(t *testing.T, sim *xecmtest.Server) {
	t.Helper()
	reported := map[string]bool{}
	for _, r := range sim.Requests() {
		if r.APIPath == "" {
			continue
		}
		err := specroutes.CheckRequest(r.Method, r.APIPath, r.Query, r.FormFields)
		var up *specroutes.UnknownParamsError
		if errors.As(err, &up) {
			up.Form = without(up.Form, "body")
			switch up.Operation.Path {
			case "/v2/processes/{process_id}/subprocesses/{subprocess_id}/tasks/{task_id}":
				up.Form = without(up.Form, "assignee", "assigneeOption")
			case "/v1/nodes/{id}/rmclassifications/{class_id}":
				up.Query = without(up.Query, "rm_metadataToken")
			}
			if len(up.Form) == 0 && len(up.Query) == 0 {
				err = nil
			}
		}
		if err == nil {
			continue
		}
		msg := r.Method + " " + r.APIPath + ": " + err.Error()
		if !reported[msg] {
			reported[msg] = true
			t.Errorf("request outside the vendor specs: %s", msg)
		}
	}
}

// without returns names less the ones given.
func without(names []string, drop ...string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(drop, n) {
			out = append(out, n)
		}
	}
	return out
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
