package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// newSimProbe starts the seeded simulator and a probe against it with the
// options the command would use there.
func newSimProbe(t *testing.T, opts Options) (*simulator, *probe) {
	t.Helper()
	sim, err := startSimulator(t.Context())
	require.NoError(t, err)
	t.Cleanup(sim.Close)
	opts.Search, opts.Mode = "OTSubType:144", authPassword
	sim.defaults(&opts)
	p, err := newProbe(sim.URL, xecm.WithPassword(simUser, simPassword), opts, nil, nil)
	require.NoError(t, err)
	return sim, p
}

// childNames lists the names under the parent, to compare before and after.
func childNames(sim *simulator) []string {
	var names []string
	for _, n := range sim.Children(sim.Parent) {
		names = append(names, n.Name)
	}
	return names
}

func byName(results []Result) map[string]Result {
	out := map[string]Result{}
	for _, r := range results {
		out[r.Name] = r
	}
	return out
}

// Against the simulator every capability is ok, and the sandbox is gone
// afterwards: the parent holds what it held before.
func TestProbeAllCapabilitiesOKAgainstTheSimulator(t *testing.T) {
	sim, p := newSimProbe(t, Options{})
	before := childNames(sim)
	results := p.run(t.Context())
	for _, r := range results {
		assert.Equal(t, StatusOK, r.Status, "%s: %s", r.Capability, r.Detail)
	}
	assert.Len(t, results, len(steps())+1, "every capability, then the cleanup")
	assert.True(t, allOK(results))
	assert.Equal(t, before, childNames(sim), "nothing left behind")
	res := byName(results)
	assert.Contains(t, res["largefile"].Detail, "through a session")
	assert.Contains(t, res["download"].Detail, "honoured Range (206)")
	assert.Contains(t, res["renewal"].Detail, "logged in again")
	assert.Contains(t, res["categories"].Detail, `"Contract" is category 9830 in the Categories Volume`)
	assert.Contains(t, res["versions"].Detail, "added version 2")
}

// A run cancelled half way (from the hook, at a given step) skips the rest
// as interrupted and still deletes its sandbox.
func TestProbeInterruptedCleansUp(t *testing.T) {
	for _, at := range []string{"upload", "largefile", "versions", "search"} {
		t.Run(at, func(t *testing.T) {
			sim, p := newSimProbe(t, Options{})
			before := childNames(sim)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			p.opts.BeforeStep = func(name string) {
				if name == at {
					cancel()
				}
			}
			results := p.run(ctx)
			res := byName(results)
			assert.Equal(t, StatusOK, res["folder"].Status, "the sandbox was made before the interruption")
			assert.Equal(t, StatusSkipped, res[at].Status)
			assert.Equal(t, "interrupted", res[at].Detail)
			assert.Equal(t, StatusOK, res["cleanup"].Status, res["cleanup"].Detail)
			assert.False(t, allOK(results), "an interrupted run is not a pass")
			assert.True(t, interrupted(results))
			assert.Equal(t, before, childNames(sim), "nothing left behind")
		})
	}
}

// A folder created by the server whose answer never arrived is found by
// its name and deleted.
func TestProbeCleansUpAFolderWhoseAnswerWasLost(t *testing.T) {
	sim, p := newSimProbe(t, Options{})
	before := childNames(sim)
	sim.InjectFault(xecmtest.Fault{Method: http.MethodPost, Path: "/v2/nodes", Kind: xecmtest.FaultDropAfterCommit})
	results := p.run(t.Context())
	res := byName(results)
	assert.Equal(t, StatusFailed, res["folder"].Status)
	assert.Equal(t, StatusSkipped, res["upload"].Status)
	assert.Contains(t, res["upload"].Detail, "no sandbox folder")
	assert.Equal(t, StatusOK, res["cleanup"].Status, res["cleanup"].Detail)
	assert.Equal(t, before, childNames(sim), "nothing left behind")
	assert.False(t, allOK(results))
}

// A failing step is reported with the server's answer; the others run
// and the sandbox is deleted.
func TestProbeFailedStepReportsTheAnswerAndCleansUp(t *testing.T) {
	sim, p := newSimProbe(t, Options{})
	before := childNames(sim)
	sim.InjectFault(xecmtest.Fault{Method: http.MethodPost, Path: "/v2/nodes/{id}/versions", Status: http.StatusForbidden,
		Body: `{"error":"You do not have permission to add versions."}`})
	results := p.run(t.Context())
	res := byName(results)
	assert.Equal(t, StatusFailed, res["versions"].Status)
	assert.Contains(t, res["versions"].Detail, "You do not have permission to add versions.")
	assert.Equal(t, StatusOK, res["search"].Status, "later steps still run")
	assert.Equal(t, StatusOK, res["cleanup"].Status)
	assert.Equal(t, before, childNames(sim))
}

// -read-only sends no request that changes anything (ending its own
// session for the renewal probe aside).
func TestProbeReadOnlyChangesNothing(t *testing.T) {
	sim, p := newSimProbe(t, Options{ReadOnly: true})
	sim.ResetRequests()
	results := p.run(t.Context())
	assert.True(t, allOK(results))
	for _, r := range sim.Requests() {
		if r.APIPath == "/v1/auth" || r.Method == http.MethodGet || r.APIPath == "/v2/search" {
			continue
		}
		t.Errorf("read-only run sent %s %s", r.Method, r.APIPath)
	}
	res := byName(results)
	assert.Equal(t, StatusSkipped, res["folder"].Status)
	assert.Equal(t, StatusOK, res["download"].Status, "reads a document it found")
	assert.Equal(t, StatusSkipped, res["cleanup"].Status)
}

// Without a parent the steps that need one skip and say why.
func TestProbeWithoutParentSkipsWithTheReason(t *testing.T) {
	sim, p := newSimProbe(t, Options{})
	// A server whose Personal Workspace cannot be read (the simulator has one).
	sim.InjectFault(xecmtest.Fault{Method: http.MethodGet, Path: "/v2/volumes/142", Status: http.StatusInternalServerError,
		Body: `{"error":"Subtype 142 not registered"}`, Times: -1})
	p.opts.ParentID = 0
	p.opts.CategoryNodeID = 0
	res := byName(p.run(t.Context()))
	for _, name := range []string{"browse", "folder", "permissions", "records", "audit", "categories"} {
		assert.Equal(t, StatusSkipped, res[name].Status, name)
		assert.True(t, strings.HasPrefix(res[name].Detail, "give -parent ID: your Personal Workspace was not found"), res[name].Detail)
	}
	assert.Equal(t, StatusOK, res["login"].Status)
}

// -skip and a bearer login skip with the reason; nothing fails.
func TestProbeSkips(t *testing.T) {
	_, p := newSimProbe(t, Options{Skip: map[string]bool{"records": true, "workflows": true, "login": true}})
	p.opts.Mode = authStaticTicket
	res := byName(p.run(t.Context()))
	assert.Equal(t, "-skip records", res["records"].Detail)
	assert.Equal(t, StatusSkipped, res["workflows"].Status)
	assert.Equal(t, StatusOK, res["folder"].Status, "the parent is found without the login step")
	assert.Equal(t, StatusSkipped, res["renewal"].Status)
	assert.Contains(t, res["renewal"].Detail, "fixed ticket")
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A run interrupted in the middle of a large-file upload (the context is
// cancelled as the first part goes out) leaves neither the session nor
// the sandbox behind.
func TestProbeInterruptedMidUploadCleansUp(t *testing.T) {
	sim, err := startSimulator(t.Context())
	require.NoError(t, err)
	defer sim.Close()
	before := childNames(sim)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	wrap := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if strings.HasSuffix(r.URL.Path, "/1") && strings.Contains(r.URL.Path, "/api/v2/multipart/") {
				cancel()
			}
			return next.RoundTrip(r)
		})
	}
	opts := Options{Search: "OTSubType:144", Mode: authPassword}
	sim.defaults(&opts)
	p, err := newProbe(sim.URL, xecm.WithPassword(simUser, simPassword), opts, wrap, nil)
	require.NoError(t, err)
	res := byName(p.run(ctx))
	assert.Equal(t, StatusSkipped, res["largefile"].Status)
	assert.Contains(t, res["largefile"].Detail, "interrupted")
	assert.Equal(t, StatusOK, res["cleanup"].Status, res["cleanup"].Detail)
	assert.Equal(t, before, childNames(sim), "nothing left behind")
	assert.Empty(t, sim.LargeFileSessions(), "the session was cancelled")
}

// A category is found by name in the Categories Volume or on a node that
// carries it; a name found nowhere fails with where it was looked for.
func TestProbeCategoriesByName(t *testing.T) {
	sim, p := newSimProbe(t, Options{Skip: map[string]bool{}})
	p.resolveParent(t.Context())
	p.opts.Category = "customer master data"
	_, err := probeCategories(t.Context(), p)
	assert.ErrorContains(t, err, `finding "customer master data" in the Categories Volume`, "names in the volume compare exactly")

	p.opts.Category, p.opts.CategoryNodeID = "customer", sim.Workspace
	detail, err := probeCategories(t.Context(), p)
	require.NoError(t, err)
	assert.Contains(t, detail, `"Customer" is category 23228 on node`, "on a node, ignoring case")

	p.opts.Category = "Contract"
	_, err = probeCategories(t.Context(), p)
	assert.ErrorContains(t, err, `carries no category "Contract" (it carries "Customer")`)

	p.opts.Category = ""
	_, err = probeCategories(t.Context(), p)
	assert.ErrorAs(t, err, new(skipError))
}
