package xecmtest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/specroutes"
)

// Every route the simulator serves is an operation of the vendor specs.
func TestSimulatorRoutesAreInTheSpecs(t *testing.T) {
	s := newServer(t)
	routes := s.Routes()
	require.NotEmpty(t, routes)
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		if _, ok := specroutes.Match(method, path); !ok {
			t.Errorf("the simulator serves %s, which no vendor spec defines", r)
		}
	}
	// The coverage report (go run ./internal/specroutes/cover) counts what
	// the simulator serves from here.
	require.NoError(t, specroutes.AppendCoverageLog("served", routes))
}
