// Package simcheck holds the requests a simulator received to the vendor
// specs. It is the one place where tests check that what the SDK (or a
// program built on it) sends is an operation the specs declare.
package simcheck

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/xecmtest"
)

// Requests fails the test for each request the simulator received
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
func Requests(t testing.TB, sim *xecmtest.Server) {
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
