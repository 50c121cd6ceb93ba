// Package simcheck holds the requests a simulator received to the vendor
// specs. It is the one place where tests check that what the SDK (or a
// program built on it) sends is an operation the specs declare.
package simcheck

import (
	"os"
	"strings"
	"testing"

	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/xecmtest"
)

// Requests fails the test for each request the simulator received
// that the vendor specs do not declare: its method and path must be an
// operation of internal/specroutes, and its query parameter names, form
// field names and the keys of the JSON in its form field "body" must be
// ones that operation declares (specroutes.Check: the Content Server
// convention of the declared fields as JSON in "body", and the parameters
// specroutes.Supplements adds with their evidence). Requests outside the
// Content Server API (OTDS, simulator administration) are not checked.
func Requests(t testing.TB, sim *xecmtest.Server) {
	t.Helper()
	if n, _ := sim.DroppedFromRequestLog(); n > 0 {
		t.Errorf("simcheck: %d requests fell out of the simulator's request log (xecmtest.WithRequestLogLimit) and were not held to the specs", n)
	}
	reported := map[string]bool{}
	for _, r := range sim.Requests() {
		if r.APIPath == "" {
			continue
		}
		err := specroutes.Check(specroutes.Request{Method: r.Method, Path: r.APIPath, Query: r.Query,
			Form: r.FormFields, BodyKeys: r.BodyKeys})
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

// LogSDKCalls appends the routes the SDK sent to sim to the coverage log
// (specroutes.AppendCoverageLog; nothing without specroutes.CoverageLogEnv
// set). A test's own raw probes, which carry another User-Agent, are left
// out.
func LogSDKCalls(t testing.TB, sim *xecmtest.Server) {
	t.Helper()
	if os.Getenv(specroutes.CoverageLogEnv) == "" {
		return
	}
	var called []string
	for _, r := range sim.Requests() {
		if r.APIPath != "" && strings.Contains(r.Header.Get("User-Agent"), "xecm-go/") {
			called = append(called, r.Method+" "+r.APIPath)
		}
	}
	if err := specroutes.AppendCoverageLog("called", called); err != nil {
		t.Errorf("coverage log: %v", err)
	}
}

// Start starts a simulator built with opts for the test and closes it when
// the test ends, after holding every request it received to the vendor
// specs (Requests) and every answer it gave to their response schemas
// (Answers). It is the one way tests outside the SDK package (examples,
// portal) start a simulator.
func Start(t testing.TB, opts ...xecmtest.Option) *xecmtest.Server {
	t.Helper()
	sim := xecmtest.NewServer(opts...)
	t.Cleanup(sim.Close)
	t.Cleanup(func() {
		Requests(t, sim)
		Answers(t, sim)
	})
	return sim
}
