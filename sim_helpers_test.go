package xecm_test

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/xecmtest"
)

// startSim starts a simulator and returns it with a client logged in as
// Admin. When the test ends, every request the client sent is held to the
// vendor specs: its method and path must be an operation there, and its
// query parameters must be ones the operation declares.
func startSim(t *testing.T, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	return startSimCounting(t, true, nil, opts...)
}

// startSimWith is startSim with a simulator built with simOpts.
func startSimWith(t *testing.T, simOpts []xecmtest.Option, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	return startSimCounting(t, true, simOpts, opts...)
}

// startSimUncounted is startSim for tests whose requests are not the SDK's
// own calls (Client.Do sends whatever route its caller names): they are
// held to the specs but left out of the coverage report.
func startSimUncounted(t *testing.T, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	return startSimCounting(t, false, nil, opts...)
}

func startSimCounting(t *testing.T, counted bool, simOpts []xecmtest.Option, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	sim := xecmtest.NewServer(simOpts...)
	t.Cleanup(sim.Close)
	all := append([]xecm.Option{xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries)}, opts...)
	c, err := xecm.NewClient(sim.URL, all...)
	require.NoError(t, err)
	t.Cleanup(func() { checkSpecConformance(t, sim, counted) })
	return sim, c
}

// clientAs returns a client for the simulator logged in as another user.
func clientAs(t *testing.T, sim *xecmtest.Server, user, password string) *xecm.Client {
	t.Helper()
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword(user, password), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	return c
}

func checkSpecConformance(t *testing.T, sim *xecmtest.Server, counted bool) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range sim.Requests() {
		if r.APIPath == "" || r.Status == http.StatusNotFound && strings.HasPrefix(r.APIPath, "/admin") {
			continue // OTDS and simulator-only endpoints are not Content Server routes
		}
		key := r.Method + " " + r.APIPath + fmt.Sprint(r.FormFields, r.BodyKeys, r.Query)
		if seen[key] {
			continue
		}
		seen[key] = true
		if err := specroutes.Check(specroutes.Request{Method: r.Method, Path: r.APIPath, Query: r.Query, Form: r.FormFields, BodyKeys: r.BodyKeys}); err != nil {
			t.Errorf("request not in the vendor specs: %s %s: %v", r.Method, r.APIPath, err)
		}
	}
	if counted {
		writeSDKCalls(t, sim)
	}
}

// writeSDKCalls writes the routes the SDK sent to sim to the coverage log (see
// writeCoverage); a test's own raw probes, which carry another User-Agent,
// are left out.
func writeSDKCalls(t *testing.T, sim *xecmtest.Server) {
	if os.Getenv("XECM_COVERAGE_LOG") == "" {
		return
	}
	var called []string
	for _, r := range sim.Requests() {
		if r.APIPath != "" && strings.Contains(r.Header.Get("User-Agent"), "xecm-go/") {
			called = append(called, r.Method+" "+r.APIPath)
		}
	}
	writeCoverage(t, "called", called)
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
	writeCoverage(t, "served", routes)
}

// coverageMu serialises appends to the coverage log.
var coverageMu sync.Mutex

// writeCoverage appends routes to the coverage log named by
// XECM_COVERAGE_LOG, if set: the coverage report
// (go run ./internal/specroutes/cover) runs the tests with it and counts
// the operations from what they really sent and what the simulator serves.
func writeCoverage(t *testing.T, kind string, routes []string) {
	name := os.Getenv("XECM_COVERAGE_LOG")
	if name == "" || len(routes) == 0 {
		return
	}
	var b strings.Builder
	for _, r := range routes {
		b.WriteString(kind + " " + r + "\n")
	}
	coverageMu.Lock()
	defer coverageMu.Unlock()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		_, err = f.WriteString(b.String())
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		t.Errorf("coverage log: %v", err)
	}
}
