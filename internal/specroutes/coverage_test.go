package specroutes

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestArea(t *testing.T) {
	for path, want := range map[string]string{
		"/v2/nodes/{id}":                        "nodes",
		"/v2/nodes/{id}/categories/{cat}":       "nodes/categories",
		"/v1/nodes/{id}/versions/latest":        "nodes/versions",
		"/v2/nodes/actions":                     "nodes/actions",
		"/v2/businessworkspaces/{id}/roles":     "businessworkspaces",
		"/v1/auth":                              "auth",
		"/v1/rmcassifications/batchRemoveClass": "rmcassifications",
	} {
		assert.Equal(t, want, Area(Operation{Path: path}), path)
	}
}

func TestReadCoverageLog(t *testing.T) {
	l, err := ReadCoverageLog(strings.NewReader("called GET /v2/nodes/2000\n\nserved GET /v2/nodes/{id}\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"GET /v2/nodes/2000"}, l.Called)
	assert.Equal(t, []string{"GET /v2/nodes/{id}"}, l.Served)

	_, err = ReadCoverageLog(strings.NewReader("calld GET /v2/nodes/2000\n"))
	assert.ErrorContains(t, err, `line 1: unknown kind "calld"`)
}

func TestComputeCountsOperationsOnce(t *testing.T) {
	cov := Compute(CoverageLog{
		Called: []string{"GET /v2/nodes/2000", "GET /v2/nodes/2001", "POST /v1/auth", "GET /v2/nope"},
		Served: []string{"GET /v2/nodes/{id}", "POST /v1/auth", "DELETE /v2/businessworkspaces/{bw_id}/workspacereferences"},
	})
	assert.Equal(t, []string{"GET /v2/nope"}, cov.Unmatched)
	assert.Equal(t, []string{"GET /v2/nodes/{id} (cs)", "POST /v1/auth (cs)"}, cov.CalledOps)
	byKey := map[string]AreaCoverage{}
	for _, a := range cov.Areas {
		byKey[a.Spec+" "+a.Area] = a
	}
	assert.Equal(t, 1, byKey["cs nodes"].Called)
	assert.Equal(t, 1, byKey["cs nodes"].Served)
	assert.Equal(t, 1, byKey["cs auth"].Called)
	assert.Equal(t, 1, byKey["ref businessworkspaces"].Served)

	total := 0
	for _, tot := range cov.Totals() {
		total += tot.Total
	}
	routes := 0 // supplements of routes; the others add parameters to spec operations
	for _, sup := range Supplements() {
		if specOperation(sup) < 0 {
			routes++
		}
	}
	assert.Equal(t, len(Operations())+routes, total, "every operation is in one area")
	assert.Equal(t, []string{"cs", "bw", "rm", "ref"}, specsOf(cov.Totals()))
}

func specsOf(as []AreaCoverage) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Spec)
	}
	return out
}
