package specroutes

import (
	"errors"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/specroutes/specgen"
)

// specDir is the vendor spec folder beside the repository, seen from this
// package's directory.
const specDir = "../../../shared/spec"

func TestMatchKnownRoutes(t *testing.T) {
	tests := []struct {
		method, path string
		spec, want   string
	}{
		{"GET", "/v2/nodes/{id}", "cs", "/v2/nodes/{id}"},
		{"POST", "/v1/auth", "cs", "/v1/auth"},
		{"GET", "/v1/ping", "cs", "/v1/ping"},
		{"GET", "/v1/serverinfo", "cs", "/v1/serverinfo"},
		{"GET", "/v2/nodes/{id}/nodes", "cs", "/v2/nodes/{id}/nodes"},
		{"DELETE", "/v2/multipart/{upload_key}", "cs", "/v2/multipart/{upload_key}"},
		{"GET", "/v2/businessworkspaces", "bw", "/v2/businessworkspaces"},
		{"POST", "/v1/nodes/{id}/holds", "rm", "/v1/nodes/{id}/holds"},
		// The spec really spells it "rmcassifications".
		{"POST", "/v1/rmcassifications/batchRemoveClassification", "rm", "/v1/rmcassifications/batchRemoveClassification"},
		// Concrete paths and the caller's own placeholder names.
		{"GET", "/v2/nodes/2000", "cs", "/v2/nodes/{id}"},
		{"GET", "/v2/nodes/{nodeID}", "cs", "/v2/nodes/{id}"},
		{"get", "/v2/nodes/2000/nodes", "cs", "/v2/nodes/{id}/nodes"},
		{"DELETE", "/v2/multipart/abc-123", "cs", "/v2/multipart/{upload_key}"},
		{"GET", "/v2/nodes/123/", "cs", "/v2/nodes/{id}"},
		{"GET", "/v2/nodes/123?fields=properties", "cs", "/v2/nodes/{id}"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			op, ok := Match(tt.method, tt.path)
			require.True(t, ok, "no match")
			assert.Equal(t, tt.want, op.Path)
			assert.Equal(t, tt.spec, op.Spec)
			assert.Equal(t, strings.ToUpper(tt.method), op.Method)
		})
	}
}

func TestMatchLiteralWins(t *testing.T) {
	for _, p := range []string{"/v1/nodes/{id}/versions/latest", "/v1/nodes/42/versions/latest"} {
		op, ok := Match("GET", p)
		require.True(t, ok, p)
		assert.Equal(t, "/v1/nodes/{id}/versions/latest", op.Path, p)
	}
	op, ok := Match("GET", "/v1/nodes/42/versions/2")
	require.True(t, ok)
	assert.Equal(t, "/v1/nodes/{id}/versions/{version_number}", op.Path)

	// A placeholder in the request path is not the literal "latest".
	op, ok = Match("GET", "/v1/nodes/{id}/versions/{v}")
	require.True(t, ok)
	assert.Equal(t, "/v1/nodes/{id}/versions/{version_number}", op.Path)
}

func TestMatchNonMatches(t *testing.T) {
	for _, c := range []struct{ method, path string }{
		{"GET", "/v2/nope"},
		{"PATCH", "/v2/nodes/{id}"},
		{"POST", "/v1/ping"},
		{"GET", "/v2/nodes//nodes"}, // empty segment never fills a placeholder
		{"GET", "/v1/rmclassifications/batchRemoveClassification"},
		{"GET", ""},
	} {
		_, ok := Match(c.method, c.path)
		assert.False(t, ok, "%s %s", c.method, c.path)
	}
}

func TestMatchPrefixStripping(t *testing.T) {
	for _, p := range []string{
		"/api/v2/nodes/123",
		"/otcs/cs.exe/api/v2/nodes/123",
		"/OTCS/cs.exe/api/v2/nodes/123/",
		"https://ecm.example.com/otcs/cs.exe/api/v2/nodes/123?expand=x",
		"v2/nodes/123",
	} {
		op, ok := Match("GET", p)
		require.True(t, ok, p)
		assert.Equal(t, "/v2/nodes/{id}", op.Path, p)
	}
}

func TestOperationParams(t *testing.T) {
	op, ok := Match("POST", "/v1/auth")
	require.True(t, ok)
	assert.Equal(t, []string{"domain", "password", "username"}, op.FormParams())
	assert.Empty(t, op.QueryParams())

	op, ok = Match("GET", "/v2/nodes/1/nodes")
	require.True(t, ok)
	assert.Contains(t, op.QueryParams(), "limit")
	assert.Contains(t, op.QueryParams(), "page")

	op, ok = Match("POST", "/v2/multipart/k/3")
	require.True(t, ok)
	assert.Equal(t, []string{"upload_key", "part_number"}, op.PathParams())
}

func TestCheckRequest(t *testing.T) {
	t.Run("ok", func(t *testing.T) {
		q := url.Values{"limit": {"10"}, "page": {"2"}}
		require.NoError(t, CheckRequest("GET", "/v2/nodes/2000/nodes", q, nil))
		require.NoError(t, CheckRequest("POST", "/otcs/cs.exe/api/v1/auth", nil, []string{"username", "password"}))
	})
	t.Run("no operation", func(t *testing.T) {
		err := CheckRequest("GET", "/v2/nope", nil, nil)
		require.Error(t, err)
		assert.True(t, errors.Is(err, ErrNoOperation))
		assert.Contains(t, err.Error(), "GET /v2/nope")
	})
	t.Run("WebReport parameters", func(t *testing.T) {
		// A report declares its own parameters: any name in the query of
		// a GET run, any form field of a POST run, but nowhere else.
		q := url.Values{"folderID": {"2000"}, "format": {"webreport"}}
		require.NoError(t, CheckRequest("GET", "/v1/webreports/my_report", q, nil))
		require.NoError(t, CheckRequest("GET", "/v1/nodes/12/output", q, nil))
		require.NoError(t, CheckRequest("POST", "/v1/webreports/my_report", nil, []string{"folderID", "targetID"}))
		require.NoError(t, CheckRequest("POST", "/v1/nodes/12/output", nil, []string{"folderID"}))
		var ue *UnknownParamsError
		require.ErrorAs(t, CheckRequest("POST", "/v1/webreports/my_report", url.Values{"folderID": {"1"}}, []string{"body"}), &ue)
		assert.Equal(t, []string{"folderID"}, ue.Query)
		assert.Equal(t, []string{"body"}, ue.Form)
		require.ErrorAs(t, CheckRequest("GET", "/v1/webreports/my_report/parameters", url.Values{"folderID": {"1"}}, nil), &ue)
		require.ErrorAs(t, CheckRequest("GET", "/v1/nodes/12/destination", url.Values{"folderID": {"1"}}, nil), &ue)
	})
	t.Run("unknown query and form", func(t *testing.T) {
		q := url.Values{"limit": {"1"}, "bogus": {"x"}, "also_bogus": {"y"}}
		err := CheckRequest("GET", "/v2/nodes/1/nodes", q, nil)
		var ue *UnknownParamsError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, []string{"also_bogus", "bogus"}, ue.Query)
		assert.Empty(t, ue.Form)
		assert.Equal(t, "/v2/nodes/{id}/nodes", ue.Operation.Path)
		assert.Contains(t, err.Error(), "bogus")

		err = CheckRequest("POST", "/v1/auth", url.Values{"x": nil}, []string{"username", "passwd", "passwd"})
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, []string{"x"}, ue.Query)
		assert.Equal(t, []string{"passwd"}, ue.Form)
	})
	t.Run("operation without declared query params", func(t *testing.T) {
		err := CheckRequest("GET", "/v1/ping", url.Values{"fields": {"x"}}, nil)
		var ue *UnknownParamsError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, []string{"fields"}, ue.Query)
	})
	t.Run("category attribute keys", func(t *testing.T) {
		keys := []string{"9830_2", "16878_39_1_40", "category_id"}
		require.NoError(t, CheckRequest("PUT", "/v2/nodes/1/categories/9830", nil, keys))
		require.NoError(t, CheckRequest("POST", "/v2/nodes/1/categories", nil, keys))

		// Only digits joined by underscores count.
		err := CheckRequest("PUT", "/v2/nodes/1/categories/9830", nil, []string{"9830_x", "_1", "9830"})
		var ue *UnknownParamsError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, []string{"9830", "9830_x", "_1"}, ue.Form)

		// Not allowed on non-category endpoints.
		err = CheckRequest("PUT", "/v2/nodes/1", nil, []string{"9830_2"})
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, []string{"9830_2"}, ue.Form)
	})
}

func TestTableInvariants(t *testing.T) {
	require.NotEmpty(t, Operations())
	seen := map[string]bool{}
	for _, op := range Operations() {
		require.Contains(t, []string{"cs", "bw", "rm"}, op.Spec, op.String())
		require.NotEmpty(t, op.Method)
		require.Regexp(t, `^/v[0-9]+(/[^/]+)*$`, op.Path)
		k := op.Method + " " + op.Path
		require.False(t, seen[k], "duplicate %s", k)
		seen[k] = true
		// Every operation matches itself (with the parameters Supplements
		// adds, if any).
		got, ok := Match(op.Method, op.Path)
		require.True(t, ok, k)
		if got.Source != "" {
			got.Query, got.Form, got.JSON, got.Source = op.Query, op.Form, op.JSON, ""
		}
		require.Equal(t, op, got, k)
	}
}

func TestSupplementsInvariants(t *testing.T) {
	seen := map[string]bool{}
	for _, op := range Supplements() {
		k := op.Method + " " + op.Path
		require.Equal(t, "ref", op.Spec, k)
		require.NotEmpty(t, op.Source, "%s: a supplement says where it was verified", k)
		require.Regexp(t, `^/v[0-9]+(/[^/]+)*$`, op.Path)
		require.False(t, seen[k], "duplicate %s", k)
		seen[k] = true
		require.True(t, sort.StringsAreSorted(op.FormParams()), "%s: form names sorted", k)
		require.True(t, sort.StringsAreSorted(op.QueryParams()), "%s: query names sorted", k)
		got, ok := Match(op.Method, op.Path)
		require.True(t, ok, k)
		if i := specOperation(op); i >= 0 {
			// Parameters of a spec operation: none the spec declares, and
			// the operation is matched with them.
			spec := operations[i]
			require.NotEmpty(t, op.Query+op.Form+op.JSON, "%s: a supplement of a declared route adds parameters", k)
			for _, n := range op.QueryParams() {
				require.NotContains(t, spec.QueryParams(), n, "%s: the spec declares query %q: drop it from Supplements", k, n)
			}
			for _, n := range append(op.FormParams(), op.JSONParams()...) {
				require.NotContains(t, spec.BodyParams(), n, "%s: the spec declares %q: drop it from Supplements", k, n)
			}
			require.Equal(t, op.Source, got.Source, k)
			require.Subset(t, got.QueryParams(), op.QueryParams(), k)
			require.Subset(t, got.BodyParams(), append(op.FormParams(), op.JSONParams()...), k)
			continue
		}
		// A supplement of a route fills a gap: once a vendor spec declares
		// the route (under any placeholder names), the spec's entry must
		// be used.
		for _, spec := range Operations() {
			specSegs, opSegs := splitPath(spec.Path), splitPath(op.Path)
			if spec.Method != op.Method || len(specSegs) != len(opSegs) {
				continue
			}
			_, clash := matchSegments(specSegs, opSegs)
			require.False(t, clash, "%s is declared by the vendor specs as %s: drop it from Supplements", k, spec)
		}
		require.Equal(t, op, got, k)
	}
}

func TestMatchSupplement(t *testing.T) {
	op, ok := Match("DELETE", "/api/v2/businessworkspaces/9001/workspacereferences")
	require.True(t, ok)
	assert.Equal(t, "ref", op.Spec)
	assert.NoError(t, CheckRequest("DELETE", "/v2/businessworkspaces/9001/workspacereferences", nil,
		[]string{"bo_id", "bo_type", "ext_system_id"}))
	var ue *UnknownParamsError
	require.ErrorAs(t, CheckRequest("DELETE", "/v2/businessworkspaces/9001/workspacereferences", nil, []string{"boid"}), &ue)
	assert.Equal(t, []string{"boid"}, ue.Form)
	// Only the listed methods: PATCH is no supplement.
	_, ok = Match("PATCH", "/v2/businessworkspaces/9001/workspacereferences")
	assert.False(t, ok)
	op, ok = Match("GET", "/v2/externalsystems/SAP/botypes/KNA1/boids/0000050031")
	require.True(t, ok)
	assert.Equal(t, "/v2/externalsystems/{ext_system_id}/botypes/{bo_type}/boids/{bo_id}", op.Path)
}

func TestFreshness(t *testing.T) {
	if _, err := os.Stat(specDir); err != nil {
		t.Skip("vendor specs not found at ../shared/spec (they live beside the repo on dev and CI machines): freshness check skipped")
	}
	gen, err := specgen.Load(specDir)
	require.NoError(t, err)
	want := make([]Operation, len(gen))
	for i, o := range gen {
		want[i] = Operation{Spec: o.Spec, Method: o.Method, Path: o.Path, OperationID: o.OperationID,
			Query: o.Query, Form: o.Form, JSON: o.JSON, Body: o.Body}
	}
	require.Equal(t, want, Operations(), "routes_gen.go is stale: run go generate ./internal/specroutes")

	src, err := specgen.Source(gen)
	require.NoError(t, err)
	committed, err := os.ReadFile("routes_gen.go")
	require.NoError(t, err)
	require.Equal(t, string(src), string(committed), "routes_gen.go is stale: run go generate ./internal/specroutes")
}

func TestCheckHoldsTheJSONInBodyToTheDeclaredNames(t *testing.T) {
	// The form field "body" carries the declared form fields as JSON.
	assert.NoError(t, Check(Request{Method: "POST", Path: "/v2/nodes", Form: []string{"body"},
		BodyKeys: []string{"type", "parent_id", "name"}}))
	var ue *UnknownParamsError
	require.ErrorAs(t, Check(Request{Method: "POST", Path: "/v2/nodes", Form: []string{"body"},
		BodyKeys: []string{"type", "parent_id", "nmae"}}), &ue)
	assert.Equal(t, []string{"nmae"}, ue.Body)
	assert.Empty(t, ue.Form)
	assert.Contains(t, ue.Error(), `keys ["nmae"] of the JSON in "body" not declared`)
	// A JSON body declared by the spec is taken in "body", or as plain
	// fields, the same way.
	assert.NoError(t, Check(Request{Method: "POST", Path: "/v2/businessworkspaces/5/relateditems",
		Form: []string{"body"}, BodyKeys: []string{"rel_bw_id", "rel_type"}}))
	assert.NoError(t, CheckRequest("POST", "/v2/businessworkspaces/5/relateditems", nil, []string{"rel_bw_id"}))
	require.ErrorAs(t, Check(Request{Method: "POST", Path: "/v2/businessworkspaces/5/relateditems",
		Form: []string{"body"}, BodyKeys: []string{"rel_bw_id", "relation"}}), &ue)
	assert.Equal(t, []string{"relation"}, ue.Body)
	// No "body" where the operation declares no request body.
	require.ErrorAs(t, Check(Request{Method: "DELETE", Path: "/v2/nodes/5", Form: []string{"body"}}), &ue)
	assert.Equal(t, []string{"body"}, ue.Form)
	// Category attribute keys inside "body" on category endpoints.
	assert.NoError(t, Check(Request{Method: "PUT", Path: "/v2/nodes/5/categories/9830", Form: []string{"body"},
		BodyKeys: []string{"9830_2", "category_id"}}))
}

func TestSupplementsAddParametersToSpecOperations(t *testing.T) {
	task := "/v2/processes/1/subprocesses/1/tasks/2"
	op, ok := Match("PUT", task)
	require.True(t, ok)
	assert.Equal(t, "cs", op.Spec, "still the spec's operation")
	assert.Contains(t, op.Source, "workitem.model.js")
	assert.NoError(t, CheckRequest("PUT", task, nil, []string{"action", "assignee", "assigneeOption", "comment"}))
	assert.NoError(t, Check(Request{Method: "PUT", Path: task, Form: []string{"body"}, BodyKeys: []string{"action", "assignee"}}))
	var ue *UnknownParamsError
	require.ErrorAs(t, CheckRequest("PUT", task, nil, []string{"action", "assignees"}), &ue)
	assert.Equal(t, []string{"assignees"}, ue.Form)
	// Only where listed: the draft process PUT takes no assignee.
	require.ErrorAs(t, CheckRequest("PUT", "/v2/draftprocesses/4", nil, []string{"assignee"}), &ue)

	assert.NoError(t, CheckRequest("DELETE", "/v1/nodes/5/rmclassifications/7", url.Values{"rm_metadataToken": {"x"}}, nil))
	require.ErrorAs(t, CheckRequest("DELETE", "/v1/nodes/5/rmclassifications/7/rsis", url.Values{"rm_metadataToken": {"x"}}, nil), &ue)
}
