package simcheck

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/xecmtest"
)

// recordingTB keeps what a check reports instead of failing the test.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// Requests that fell out of the simulator's request log were not held to
// the specs: the check says so rather than passing on what is left.
func TestRequestsSaysWhatFellOutOfTheLog(t *testing.T) {
	sim := xecmtest.NewServer(xecmtest.WithRequestLogLimit(2))
	t.Cleanup(sim.Close)
	for range 4 {
		resp, err := http.Get(sim.URL + "/api/v1/ping")
		require.NoError(t, err)
		resp.Body.Close()
	}
	sim.Close() // waits for the requests under way: each is logged after its answer
	rec := &recordingTB{TB: t}
	Requests(rec, sim)
	require.Len(t, rec.errors, 1)
	assert.Contains(t, rec.errors[0], "2 requests fell out of the simulator's request log")

	sim.ResetRequests()
	rec = &recordingTB{TB: t}
	Requests(rec, sim)
	assert.Empty(t, rec.errors)
}
