package xecm

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExportedMethod(t *testing.T) {
	for fn, want := range map[string]string{
		"(*NodesService).ListChildrenIter.func1": "Nodes.ListChildrenIter",
		"(*Client).Do":                           "Client.Do",
		"(*NodesService).listChildren":           "",
		"(*credentialCache).login":               "",
		"paginate[...].func1":                    "",
		"newPage":                                "",
	} {
		assert.Equal(t, want, exportedMethod(fn), fn)
	}
}

func TestRouteOf(t *testing.T) {
	route, node := routeOf("GET", "v2/nodes/2000/versions/3/content")
	assert.Equal(t, "/v2/nodes/{id}/versions/{version_number}/content", route)
	assert.Equal(t, int64(2000), node)
	route, node = routeOf("POST", "v2/nodes")
	assert.Equal(t, "/v2/nodes", route)
	assert.Zero(t, node)
	route, _ = routeOf("GET", "v9/unknown/17/things/x")
	assert.Equal(t, "/v9/unknown/{id}/things/x", route, "no spec operation: numbers become placeholders")
}

func TestErrorClass(t *testing.T) {
	assert.Empty(t, ErrorClass(nil))
	assert.Equal(t, "outcome_unknown", ErrorClass(fmt.Errorf("%w: %w", ErrOutcomeUnknown, ErrNotFound)))
	assert.Equal(t, "not_found", ErrorClass(&APIError{StatusCode: 404}))
	assert.Equal(t, "api_error", ErrorClass(&APIError{StatusCode: 500}))
	assert.Equal(t, "other", ErrorClass(errors.New("x")))
}
