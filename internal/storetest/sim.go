package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// tree is a folder in a simulator whose subtree the scenarios watch.
type tree struct {
	sim   *xecmtest.Server
	c     *xecm.Client
	root  int64
	nodes []int64 // root and every folder made below it
}

func newTree(t *testing.T) *tree {
	t.Helper()
	sim := xecmtest.NewServer()
	t.Cleanup(sim.Close)
	tr := &tree{sim: sim, c: newClient(t, sim)}
	f, err := tr.c.Nodes.CreateFolder(t.Context(), 2000, "watched", nil)
	require.NoError(t, err)
	tr.root, tr.nodes = f.ID, []int64{f.ID}
	return tr
}

// newClient returns a client of sim, one per replica as in production.
func newClient(t *testing.T, sim *xecmtest.Server) *xecm.Client {
	t.Helper()
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	require.NoError(t, err)
	return c
}

// grow makes n folders below the root, each renamed once: two audit
// entries each.
func (tr *tree) grow(t *testing.T, n int) {
	t.Helper()
	ctx := t.Context()
	for range n {
		f, err := tr.c.Nodes.CreateFolder(ctx, tr.root, fmt.Sprintf("f%d", len(tr.nodes)), nil)
		require.NoError(t, err)
		require.NoError(t, tr.c.Nodes.Update(ctx, f.ID, xecm.NodeUpdateRequest{Name: xecm.Ptr(fmt.Sprintf("renamed %d", f.ID))}))
		tr.nodes = append(tr.nodes, f.ID)
	}
}

// eventIDs are the IDs of every event of the watched trails, as the SDK
// derives them from the simulator's audit trail.
func (tr *tree) eventIDs() map[string]bool {
	ids := map[string]bool{}
	for _, id := range tr.nodes {
		var prev time.Time
		ord := 0
		for i, e := range tr.sim.AuditTrail(id) {
			if i > 0 && e.Date.Equal(prev) {
				ord++
			} else {
				ord = 0
			}
			prev = e.Date
			ids[xecm.AuditEventID(id, e.Date, ord, e.EventType)] = true
		}
	}
	return ids
}

// emissions records which replica emitted each event.
type emissions struct {
	mu      sync.Mutex
	by      map[string]int // event ID -> replica
	twice   []string       // "<id>: replica a and b"
	changed chan struct{}  // signalled on every emission
}

func newEmissions() *emissions {
	return &emissions{by: map[string]int{}, changed: make(chan struct{}, 1)}
}

func (e *emissions) emit(replica int, id string) int {
	e.mu.Lock()
	if prev, ok := e.by[id]; ok {
		e.twice = append(e.twice, fmt.Sprintf("%s: replica %d and %d", id, prev, replica))
	} else {
		e.by[id] = replica
	}
	n := len(e.by)
	e.mu.Unlock()
	select {
	case e.changed <- struct{}{}:
	default:
	}
	return n
}

// waitFor waits until every id of want was emitted, or fails t after
// limit.
func (e *emissions) waitFor(t *testing.T, want map[string]bool, limit time.Duration) {
	t.Helper()
	timeout := time.After(limit)
	for {
		if missing := e.missing(want); len(missing) == 0 {
			return
		} else {
			select {
			case <-e.changed:
			case <-timeout:
				t.Fatalf("%d event(s) never emitted after %s, such as %v", len(missing), limit, missing[:min(5, len(missing))])
			}
		}
	}
}

func (e *emissions) missing(want map[string]bool) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for id := range want {
		if _, ok := e.by[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// check fails t if an event was emitted twice or one not in want was.
func (e *emissions) check(t *testing.T, want map[string]bool) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	require.Empty(t, e.twice, "events emitted twice")
	for id := range e.by {
		require.True(t, want[id], "emitted %s, which is in no audit trail", id)
	}
	require.Len(t, e.by, len(want))
}

// count returns how many events were emitted.
func (e *emissions) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.by)
}

// run runs f in a goroutine and returns a channel closed when it returned.
func run(ctx context.Context, t *testing.T, f func(context.Context) error) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := f(ctx); err != nil {
			t.Errorf("returned %v", err)
		}
	}()
	return done
}
