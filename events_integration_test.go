package xecm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
	"github.com/xecm-go/xecm/xecmtest"
)

// collector gathers Watch's events and ends the watch when done says so.
type collector struct {
	mu     sync.Mutex
	events []xecm.Event
	done   func([]xecm.Event) bool
	cancel context.CancelFunc
}

func (c *collector) fn(_ context.Context, ev xecm.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, ev)
	if c.done != nil && c.done(c.events) {
		c.cancel()
	}
	return nil
}

func (c *collector) got() []xecm.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]xecm.Event(nil), c.events...)
}

// watch runs Watch until done is satisfied (or 10 s pass) and returns the events.
func watch(t *testing.T, c *xecm.Client, opts xecm.WatchOptions, done func([]xecm.Event) bool) []xecm.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	col := &collector{done: done, cancel: cancel}
	if opts.Interval == 0 {
		opts.Interval = 5 * time.Millisecond
	}
	require.NoError(t, c.Events.Watch(ctx, opts, col.fn))
	require.NotErrorIs(t, ctx.Err(), context.DeadlineExceeded, "Watch did not deliver what was expected; got %v", types(col.got()))
	return col.got()
}

func types(evs []xecm.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = fmt.Sprintf("%d:%s", ev.Data.NodeID, ev.Type)
	}
	return out
}

func has(n int, pred func(xecm.Event) bool) func([]xecm.Event) bool {
	return func(evs []xecm.Event) bool {
		k := 0
		for _, ev := range evs {
			if pred(ev) {
				k++
			}
		}
		return k >= n
	}
}

// trailIDs are the event IDs of a node's whole audit trail, in order, as
// the SDK derives them.
func trailIDs(sim *xecmtest.Server, nodeID int64) []string {
	var ids []string
	var prev time.Time
	ord := 0
	for i, e := range sim.AuditTrail(nodeID) {
		if i > 0 && e.Date.Equal(prev) {
			ord++
		} else {
			ord = 0
		}
		prev = e.Date
		ids = append(ids, xecm.AuditEventID(nodeID, e.Date, ord, e.EventType))
	}
	return ids
}

func idsOf(evs []xecm.Event, nodeID int64) []string {
	var ids []string
	for _, ev := range evs {
		if ev.Data.NodeID == nodeID {
			ids = append(ids, ev.ID)
		}
	}
	return ids
}

func TestWatchTurnsAuditTrailsIntoEvents(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	f, err := c.Nodes.CreateFolder(ctx, 2000, "Projects", nil)
	require.NoError(t, err)
	require.NoError(t, c.Nodes.Update(ctx, f.ID, xecm.NodeUpdateRequest{Name: xecm.Ptr("Projects 2026")}))
	sub, err := c.Nodes.CreateFolder(ctx, f.ID, "Alpha", nil)
	require.NoError(t, err)

	evs := watch(t, c, xecm.WatchOptions{NodeIDs: []int64{f.ID}, Subtree: true},
		has(3, func(xecm.Event) bool { return true }))
	require.Len(t, evs, 3)
	assert.Equal(t, trailIDs(sim, f.ID), idsOf(evs, f.ID), "the root's events, in order, with deterministic IDs")
	assert.Equal(t, trailIDs(sim, sub.ID), idsOf(evs, sub.ID))
	byType := map[xecm.EventType]xecm.Event{}
	for _, ev := range evs {
		byType[ev.Type] = ev
	}
	assert.Equal(t, "Projects 2026", byType[xecm.EventNodeRenamed].Data.Name)
	created := byType[xecm.EventNodeCreated]
	assert.Equal(t, int64(1000), created.Data.UserID)
	assert.Equal(t, xecm.AuditCreate, created.Data.AuditType)
	assert.False(t, created.Time.IsZero())
}

func TestWatchFindsNewItemsAndDeletionsInTheSubtree(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	f, err := c.Nodes.CreateFolder(ctx, 2000, "Inbox", nil)
	require.NoError(t, err)
	store := xecm.NewMemoryCheckpointStore()
	opts := xecm.WatchOptions{NodeIDs: []int64{f.ID}, Subtree: true, Checkpoints: store}
	watch(t, c, opts, has(1, func(ev xecm.Event) bool { return ev.Type == xecm.EventNodeCreated }))

	// Items appear and go while a watcher runs.
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	col := &collector{cancel: cancel}
	var mu sync.Mutex
	var newID int64
	col.done = func(evs []xecm.Event) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, ev := range evs {
			if ev.Type == xecm.EventNodeDeleted && ev.Data.NodeID == newID {
				return true
			}
		}
		return false
	}
	errc := make(chan error, 1)
	go func() {
		errc <- c.Events.Watch(wctx, xecm.WatchOptions{NodeIDs: []int64{f.ID}, Subtree: true, Checkpoints: store, Interval: 5 * time.Millisecond}, col.fn)
	}()
	n, err := c.Nodes.CreateFolder(ctx, f.ID, "Batch 1", nil)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		return has(1, func(ev xecm.Event) bool { return ev.Data.NodeID == n.ID && ev.Type == xecm.EventNodeCreated })(col.got())
	}, 10*time.Second, 5*time.Millisecond)
	mu.Lock()
	newID = n.ID
	mu.Unlock()
	require.NoError(t, c.Nodes.Delete(ctx, n.ID))
	require.NoError(t, <-errc)
	require.NotErrorIs(t, wctx.Err(), context.DeadlineExceeded, "got %v", types(col.got()))

	var forNew []xecm.Event
	for _, ev := range col.got() {
		assert.NotEqual(t, f.ID, ev.Data.NodeID, "the root's creation was checkpointed by the first watcher")
		if ev.Data.NodeID == n.ID {
			forNew = append(forNew, ev)
		}
	}
	require.Len(t, forNew, 2)
	assert.Equal(t, xecm.EventNodeCreated, forNew[0].Type)
	assert.Equal(t, xecm.EventNodeDeleted, forNew[1].Type)
	assert.Equal(t, "Batch 1", forNew[1].Data.Name)
	assert.Equal(t, f.ID, forNew[1].Data.ParentID)
	_ = sim
}

func TestWatchResumesFromCheckpointAfterCrashWithNoEventLost(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	f, err := c.Nodes.CreateFolder(ctx, 2000, "Ledger", nil)
	require.NoError(t, err)
	// Many entries within the same second: the checkpoint must count them.
	for i := 1; i <= 6; i++ {
		require.NoError(t, c.Nodes.Update(ctx, f.ID, xecm.NodeUpdateRequest{Name: xecm.Ptr(fmt.Sprintf("Ledger %d", i))}))
	}
	path := filepath.Join(t.TempDir(), "checkpoints.json")
	store, err := xecm.OpenFileCheckpointStore(path)
	require.NoError(t, err)

	// First run: the process "crashes" while handling the 4th event: the
	// handler never returns success and the watcher dies with it.
	var acked []string
	crashCtx, crash := context.WithCancel(ctx)
	err = c.Events.Watch(crashCtx, xecm.WatchOptions{NodeIDs: []int64{f.ID}, Checkpoints: store, Interval: 5 * time.Millisecond},
		func(_ context.Context, ev xecm.Event) error {
			if len(acked) == 3 {
				crash()
				return errors.New("killed")
			}
			acked = append(acked, ev.ID)
			return nil
		})
	require.NoError(t, err)
	require.Len(t, acked, 3)

	// While it is down, more happens.
	require.NoError(t, c.Nodes.Update(ctx, f.ID, xecm.NodeUpdateRequest{Name: xecm.Ptr("Ledger final")}))
	want := trailIDs(sim, f.ID)
	require.Len(t, want, 8)

	// Restart from the file, with a fresh store instance.
	store2, err := xecm.OpenFileCheckpointStore(path)
	require.NoError(t, err)
	evs := watch(t, c, xecm.WatchOptions{NodeIDs: []int64{f.ID}, Checkpoints: store2},
		has(len(want)-len(acked), func(xecm.Event) bool { return true }))
	var resumed []string
	for _, ev := range evs {
		resumed = append(resumed, ev.ID)
	}
	assert.Equal(t, want[:3], acked)
	assert.Equal(t, want[3:], resumed, "the rest, in order, from the unacknowledged event on: none lost, none acknowledged delivered twice")
}

func TestWatchBacksOffWhenTheServerStruggles(t *testing.T) {
	sim, c := startSim(t, xecm.WithRetryPolicy(xecm.RetryPolicy{MaxRetries: -1}))
	ctx := t.Context()
	f, err := c.Nodes.CreateFolder(ctx, 2000, "Busy", nil)
	require.NoError(t, err)
	sim.InjectFault(xecmtest.Fault{Path: fmt.Sprintf("/v2/nodes/%d/audit", f.ID), Status: http.StatusServiceUnavailable, Times: 3, RetryAfter: "0"})
	var mu sync.Mutex
	var failures []error
	evs := watch(t, c, xecm.WatchOptions{NodeIDs: []int64{f.ID}, Interval: time.Millisecond, MaxBackoff: 20 * time.Millisecond,
		OnError: func(nodeID int64, err error) {
			mu.Lock()
			defer mu.Unlock()
			failures = append(failures, err)
		}}, has(1, func(xecm.Event) bool { return true }))
	require.Len(t, evs, 1)
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, failures, "the failed rounds are reported")
	var ae *xecm.APIError
	require.ErrorAs(t, failures[0], &ae)
	assert.Equal(t, http.StatusServiceUnavailable, ae.StatusCode)
}

func TestWatchAndCallbacksGiveTheSameEvents(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	v, err := webhook.NewVerifier([]string{secret})
	require.NoError(t, err)
	var mu sync.Mutex
	pushed := map[string]xecm.EventType{}
	h, err := webhook.NewHandler(v, func(_ context.Context, ev xecm.Event) error {
		mu.Lock()
		defer mu.Unlock()
		pushed[ev.ID] = ev.Type
		return nil
	})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	_, err = sim.AddSubscription(ts.URL, secret)
	require.NoError(t, err)

	f, err := c.Nodes.CreateFolder(ctx, 2000, "Both ways", nil)
	require.NoError(t, err)
	require.NoError(t, c.Nodes.Update(ctx, f.ID, xecm.NodeUpdateRequest{Name: xecm.Ptr("Both ways 2")}))
	pulled := watch(t, c, xecm.WatchOptions{NodeIDs: []int64{f.ID}}, has(2, func(xecm.Event) bool { return true }))
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, sim.WaitForDeliveries(wctx))
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, pushed, 2)
	for _, ev := range pulled {
		assert.Equal(t, ev.Type, pushed[ev.ID], "event %s pulled and pushed alike", ev.ID)
	}
}

func TestWatchRefusesBadOptionsBeforeAnyRequest(t *testing.T) {
	sim, c := startSim(t)
	ok := func(context.Context, xecm.Event) error { return nil }
	for name, tc := range map[string]struct {
		opts xecm.WatchOptions
		fn   xecm.EventFunc
	}{
		"no nodes":          {xecm.WatchOptions{}, ok},
		"bad node id":       {xecm.WatchOptions{NodeIDs: []int64{2000, 0}}, ok},
		"nil function":      {xecm.WatchOptions{NodeIDs: []int64{2000}}, nil},
		"negative interval": {xecm.WatchOptions{NodeIDs: []int64{2000}, Interval: -time.Second}, ok},
	} {
		err := c.Events.Watch(t.Context(), tc.opts, tc.fn)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
	}
	assert.Empty(t, sim.Requests())
}

// loadSignal is a checkpoint store that tells when Watch first reads a
// checkpoint: its first round is under way.
type loadSignal struct {
	xecm.CheckpointStore
	once   sync.Once
	loaded chan struct{}
}

func (s *loadSignal) Load(ctx context.Context, nodeID int64) (xecm.Checkpoint, bool, error) {
	s.once.Do(func() { close(s.loaded) })
	return s.CheckpointStore.Load(ctx, nodeID)
}

func TestWatchStopsCleanlyWithItsContext(t *testing.T) {
	_, c := startSim(t)
	ctx, cancel := context.WithCancel(t.Context())
	store := &loadSignal{CheckpointStore: xecm.NewMemoryCheckpointStore(), loaded: make(chan struct{})}
	errc := make(chan error, 1)
	go func() {
		errc <- c.Events.Watch(ctx, xecm.WatchOptions{NodeIDs: []int64{2000}, Interval: time.Hour, Checkpoints: store},
			func(context.Context, xecm.Event) error { return nil })
	}()
	select {
	case <-store.loaded: // Watch has started polling
	case err := <-errc:
		t.Fatalf("Watch returned before it polled: %v", err)
	}
	cancel()
	select {
	case err := <-errc:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not return after its context ended")
	}
}

func TestWatchRestartedAfterARootWasDeletedDeliversTheDeletion(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	f, err := c.Nodes.CreateFolder(ctx, 2000, "Closed matter", nil)
	require.NoError(t, err)
	store := xecm.NewMemoryCheckpointStore()
	opts := xecm.WatchOptions{NodeIDs: []int64{f.ID}, Checkpoints: store}
	watch(t, c, opts, has(1, func(ev xecm.Event) bool { return ev.Type == xecm.EventNodeCreated }))

	// The watcher is down while the folder is deleted; on restart its
	// checkpoint says it was watched, so this is a deletion, not a wrong ID.
	require.NoError(t, c.Nodes.Delete(ctx, f.ID))
	var mu sync.Mutex
	var failures []error
	opts.OnError = func(_ int64, err error) {
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, err)
	}
	evs := watch(t, c, opts, has(1, func(ev xecm.Event) bool { return ev.Type == xecm.EventNodeDeleted }))
	require.Len(t, evs, 1)
	assert.Equal(t, f.ID, evs[0].Data.NodeID)
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, failures)
}

// A real server numbers its audit event types as it does; Watch tells the
// entries apart by the names the trail's table of event types gives them.
func TestWatchReadsEventsByNameOnAServerNumberingThemOtherwise(t *testing.T) {
	renumbered := map[string]int{"Create": 7001, "Version Added": 7002, "Attribute Value Changed": 7003,
		"Rename": 7004, "Permission Changed": 7005, "Reserve": xecm.AuditRename}
	_, c := startSimWith(t, []xecmtest.Option{xecmtest.WithAuditEventIDs(renumbered)})
	ctx := t.Context()
	folder, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Renumbered", nil)
	require.NoError(t, err)
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: "deal.pdf", Content: strings.NewReader("v1")})
	require.NoError(t, err)
	doc := up.Node.ID
	_, err = c.Documents.Versions().Add(ctx, doc, xecm.VersionAddRequest{FileName: "deal.pdf", Content: strings.NewReader("v2")})
	require.NoError(t, err)
	require.NoError(t, c.Metadata.Apply(ctx, doc, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Number", "1")))
	require.NoError(t, c.Nodes.Update(ctx, doc, xecm.NodeUpdateRequest{Name: xecm.Ptr("deal 2026.pdf")}))
	require.NoError(t, c.Permissions.AddAssigned(ctx, doc, 1001, xecm.ReadPermissions(), nil))
	// Reserve, numbered as the vendor's answers number Rename, is no rename.
	require.NoError(t, c.Nodes.Reserve(ctx, doc, 1000))

	trail, err := c.Audit.List(ctx, doc, &xecm.AuditListOptions{Ascending: true})
	require.NoError(t, err)
	require.NotEmpty(t, trail.Items)
	assert.Equal(t, 7001, trail.Items[0].EventType, "the simulator numbers the entries as asked")
	assert.Contains(t, trail.EventTypes, xecm.AuditEventType{ID: 7002, Name: "Version Added"})

	want := []xecm.EventType{xecm.EventDocumentCreated, xecm.EventVersionAdded, xecm.EventMetadataChanged,
		xecm.EventNodeRenamed, xecm.EventPermissionsChanged, xecm.EventNodeReserved}
	evs := watch(t, c, xecm.WatchOptions{NodeIDs: []int64{doc}}, has(len(want), func(xecm.Event) bool { return true }))
	var got []xecm.EventType
	for _, ev := range evs {
		got = append(got, ev.Type)
	}
	assert.Equal(t, want, got)
	for _, ev := range evs {
		if ev.Type == xecm.EventVersionAdded {
			assert.Equal(t, 2, ev.Data.Version, "the version is named with renumbered entries too")
			assert.Equal(t, 7002, ev.Data.AuditType)
		}
	}
}
