package xecm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"
)

// WatchOptions configures Watch.
type WatchOptions struct {
	// NodeIDs are the nodes or business workspaces whose audit trails are
	// read. At least one is required.
	NodeIDs []int64
	// Subtree also reads the trails of every item below them, found by
	// listing the containers on every round: an item created since the last
	// round is found on the next one, from the start of its trail (so its
	// creation is delivered). Listing large trees costs one request per
	// container per round: prefer watching the workspaces or folders that
	// matter.
	Subtree bool
	// Checkpoints keeps the position in every trail, so that a restarted
	// watcher resumes where it stopped. If nil, positions are kept in
	// memory only and a restart delivers again from Since. Use
	// OpenFileCheckpointStore for a durable store.
	Checkpoints CheckpointStore
	// Since is where a trail without a checkpoint starts. If zero, from its
	// beginning.
	Since time.Time
	// Interval is the pause between polling rounds. If not set, 30 seconds.
	Interval time.Duration
	// Concurrency bounds how many trails are read at once. If not set, 4.
	Concurrency int
	// MaxBackoff bounds the pause after failed rounds, which doubles from
	// Interval while the server keeps failing (or asks for longer with
	// Retry-After). If not set, 5 minutes.
	MaxBackoff time.Duration
	// PageSize is the page size of audit reads. If not set, 100.
	PageSize int
	// Lease, when set, makes this watcher one of several replicas of which
	// only the holder of the lease polls (with Checkpoints shared by all):
	// the others try to take it every tenth of LeaseTTL and take over
	// within the TTL when the holder dies. A holder that cannot renew in
	// time stops emitting before its holding can have expired in the store
	// (with a tenth of the TTL left to save the last event's checkpoint),
	// so that two replicas never emit at once; it reports ErrLeaseLost and
	// competes again. The event function's context carries the holding's
	// fencing token (LeaseToken) and ends when the holding does. Watch
	// releases the lease when ctx ends.
	Lease Lease
	// LeaseTTL is how long a holding of Lease lasts unless renewed; the
	// holder renews it every third of it. If not set, 30 seconds.
	LeaseTTL time.Duration
	// AuditEventTypes maps audit event names beyond the vendor's to event
	// types (see AuditEventTypes): entries are told apart by their names,
	// as the trail's table of event types gives them, never by IDs alone,
	// which differ between servers. Entries no name maps are delivered as
	// "audit.<id>".
	AuditEventTypes AuditEventTypes
	// OnError is told of every failure Watch recovers from (a trail that
	// could not be read, a checkpoint that could not be saved, an error of
	// the event function). nodeID is 0 for failures of the whole round. If
	// nil, failures are logged at Warn level on the client's logger, which
	// discards them unless the client has WithLogger: set one of the two,
	// or a server that keeps failing looks like one with nothing to say.
	OnError func(nodeID int64, err error)
}

// EventFunc receives the events of Watch. It is called for one node's
// events in order, one at a time, but for different nodes concurrently.
// Returning an error stops the delivery of that node's events for the
// round: the same event is delivered again on the next round.
type EventFunc func(ctx context.Context, ev Event) error

// Watch turns audit trails into events: it polls the trails of the watched
// nodes (and, with Subtree, of everything below them), maps every new entry
// to an Event (AuditEventTypes.Event: by the entry's name, which the
// server's table of event types gives, so that a server numbering its
// event types otherwise is read the same) and calls fn with it. Every event is
// delivered at least once, in order per node: the checkpoint of a node
// moves past an event only after fn returned nil for it, so after a crash
// the events of the interrupted round come again, with the same IDs.
//
// A node whose trail can no longer be read (deleted, or no longer visible
// to the user) yields a node.deleted event (ID "deleted_<node id>", no
// audit type) and is no longer polled. Content Server removes the trail
// with the node, so this is how deletions of watched items are seen.
//
// Audit entries do not say which version a Version Added concerns; Watch
// reads the document's versions (once per poll that needs them) and names
// it from their creation times. Where versions deleted since leave that
// ambiguous, or the user may not read the versions, the event's Version is
// 0 rather than a guess.
//
// Watch returns nil when ctx ends, after the calls of fn under way have
// returned, and an error wrapping ErrInvalidArgument, before any request,
// when the options are unusable.
//
// OpenText API: GET api/v2/nodes/{id}/audit, GET api/v2/nodes/{id},
// GET api/v2/nodes/{id}/nodes, GET api/v2/nodes/{id}/versions
func (s *EventsService) Watch(ctx context.Context, opts WatchOptions, fn EventFunc) (err error) {
	ctx, observed := s.c.startOp(ctx, "Events.Watch")
	defer observed.end(&err)
	w, err := s.newWatcher(opts, fn)
	if err != nil {
		return err
	}
	return w.run(ctx)
}

const (
	defaultWatchInterval    = 30 * time.Second
	defaultWatchConcurrency = 4
	defaultWatchMaxBackoff  = 5 * time.Minute
	defaultWatchPageSize    = 100
)

// watcher is the state of one Watch call.
type watcher struct {
	c    *Client
	opts WatchOptions
	fn   EventFunc

	mu sync.Mutex
	// nodes are the trails being polled, by node ID.
	nodes map[int64]*watchedNode
	// roots are the IDs of opts.NodeIDs still polled (not gone).
	roots []int64
	// lastToken is the fencing token of the last holding of opts.Lease.
	lastToken int64
}

// watchedNode is a polled trail with what is known of its node.
type watchedNode struct {
	id          int64
	info        *Node // nil until read
	workspaceID int64 // the nearest business workspace at or above it, if known
	root        bool
	cp          Checkpoint
	cpLoaded    bool
	unsaved     bool // cp was emitted past but could not be saved (under a lease)
	seen        bool // its trail was read at least once (it existed)
}

func (s *EventsService) newWatcher(opts WatchOptions, fn EventFunc) (*watcher, error) {
	const op = "Events.Watch"
	if fn == nil {
		return nil, invalidArg(op, "nil event function")
	}
	if len(opts.NodeIDs) == 0 {
		return nil, invalidArg(op, "NodeIDs is empty")
	}
	if opts.Interval < 0 || opts.MaxBackoff < 0 || opts.Concurrency < 0 || opts.PageSize < 0 || opts.LeaseTTL < 0 {
		return nil, invalidArg(op, "Interval, MaxBackoff, Concurrency, PageSize and LeaseTTL must not be negative")
	}
	if opts.Lease != nil && isNilValue(opts.Lease) {
		return nil, invalidArg(op, "Lease is a nil pointer")
	}
	w := &watcher{c: s.c, opts: opts, fn: fn, nodes: map[int64]*watchedNode{}}
	for _, id := range opts.NodeIDs {
		if err := checkID(op, "NodeIDs element", id); err != nil {
			return nil, err
		}
		if _, dup := w.nodes[id]; dup {
			continue
		}
		w.nodes[id] = &watchedNode{id: id, root: true}
		w.roots = append(w.roots, id)
	}
	if w.opts.Checkpoints == nil {
		w.opts.Checkpoints = NewMemoryCheckpointStore()
	}
	if w.opts.Interval == 0 {
		w.opts.Interval = defaultWatchInterval
	}
	if w.opts.Concurrency == 0 {
		w.opts.Concurrency = defaultWatchConcurrency
	}
	if w.opts.MaxBackoff == 0 {
		w.opts.MaxBackoff = defaultWatchMaxBackoff
	}
	if w.opts.MaxBackoff < w.opts.Interval {
		w.opts.MaxBackoff = w.opts.Interval
	}
	if w.opts.PageSize == 0 {
		w.opts.PageSize = defaultWatchPageSize
	}
	if w.opts.LeaseTTL == 0 {
		w.opts.LeaseTTL = defaultLeaseTTL
	}
	return w, nil
}

func (w *watcher) report(nodeID int64, err error) {
	if w.opts.OnError != nil {
		w.opts.OnError(nodeID, err)
		return
	}
	w.c.logger.Warn("xecm: watch", "node_id", nodeID, "error", err)
}

// run polls until ctx ends, holding the lease if there is one.
func (w *watcher) run(ctx context.Context) error {
	if w.opts.Lease != nil {
		return w.runLeased(ctx)
	}
	return w.pollRounds(ctx)
}

// pollRounds polls round after round until ctx ends.
func (w *watcher) pollRounds(ctx context.Context) error {
	failures := 0
	for {
		res := w.round(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := w.opts.Interval
		if res.failed {
			failures++
			wait = w.backoff(failures, res.retryAfter)
		} else {
			failures = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// backoff is the pause after the n-th failed round in a row: Interval
// doubled n times with jitter, at least what the server asked for, at most
// MaxBackoff.
func (w *watcher) backoff(n int, retryAfter time.Duration) time.Duration {
	d := w.opts.Interval
	for i := 0; i < n && d < w.opts.MaxBackoff; i++ {
		if d > w.opts.MaxBackoff/2 {
			d = w.opts.MaxBackoff // doubling would pass it, or overflow
			break
		}
		d *= 2
	}
	d = min(d, w.opts.MaxBackoff)
	// Full jitter over the upper half keeps watchers of one server apart.
	d = d/2 + rand.N(d/2+1)
	if retryAfter > d {
		d = min(retryAfter, w.opts.MaxBackoff)
	}
	return d
}

// roundResult tells run how the round went.
type roundResult struct {
	failed     bool
	retryAfter time.Duration
}

func (r *roundResult) fail(err error) {
	r.failed = true
	var ae *APIError
	if errors.As(err, &ae) && ae.RetryAfter > r.retryAfter {
		r.retryAfter = ae.RetryAfter
	}
}

// round refreshes the set of trails and polls each once.
func (w *watcher) round(ctx context.Context) roundResult {
	var res roundResult
	var resMu sync.Mutex
	failed := func(nodeID int64, err error) {
		if ctx.Err() != nil {
			return // stopping: not a failure
		}
		w.report(nodeID, err)
		resMu.Lock()
		res.fail(err)
		resMu.Unlock()
	}
	w.refresh(ctx, failed)
	targets := w.targets()
	sem := make(chan struct{}, w.opts.Concurrency)
	var wg sync.WaitGroup
	for _, n := range targets {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := w.poll(ctx, n); err != nil {
				failed(n.id, err)
			}
		}()
	}
	wg.Wait()
	return res
}

// targets returns the watched nodes whose node is known, roots first.
func (w *watcher) targets() []*watchedNode {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]*watchedNode, 0, len(w.nodes))
	for _, n := range w.nodes {
		if n.info != nil {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b *watchedNode) int {
		if a.root != b.root {
			if a.root {
				return -1
			}
			return 1
		}
		return int(a.id - b.id)
	})
	return out
}

// refresh reads the watched roots and, with Subtree, lists everything below.
func (w *watcher) refresh(ctx context.Context, failed func(int64, error)) {
	w.mu.Lock()
	roots := append([]int64(nil), w.roots...)
	w.mu.Unlock()
	for _, id := range roots {
		if ctx.Err() != nil {
			return
		}
		n, err := w.c.Nodes.Get(ctx, id, nil)
		if err != nil {
			if errors.Is(err, ErrNotFound) {
				w.gone(ctx, id, failed)
			} else {
				failed(id, err)
			}
			continue
		}
		wsID := int64(0)
		if n.Type == TypeBusinessWorkspace {
			wsID = n.ID
		}
		w.mu.Lock()
		if wn := w.nodes[id]; wn != nil {
			wn.info, wn.workspaceID = n, wsID
		}
		w.mu.Unlock()
		if w.opts.Subtree && n.Container {
			if err := w.walk(ctx, n.ID, wsID); err != nil {
				failed(id, fmt.Errorf("listing the subtree: %w", err))
			}
		}
	}
}

// walk adds every item below parentID to the watched set.
func (w *watcher) walk(ctx context.Context, parentID, workspaceID int64) error {
	opts := &NodeListOptions{ListOptions: ListOptions{Limit: w.opts.PageSize}}
	var containers []*Node
	for child, err := range w.c.Nodes.ListChildrenIter(ctx, parentID, opts) {
		if err != nil {
			if errors.Is(err, ErrNotFound) {
				return nil // deleted meanwhile: its trail will say so
			}
			return err
		}
		wsID := workspaceID
		if child.Type == TypeBusinessWorkspace {
			wsID = child.ID
		}
		w.mu.Lock()
		wn := w.nodes[child.ID]
		if wn == nil {
			wn = &watchedNode{id: child.ID}
			w.nodes[child.ID] = wn
		}
		wn.info, wn.workspaceID = child, wsID
		w.mu.Unlock()
		if child.Container {
			containers = append(containers, child)
		}
	}
	for _, cn := range containers {
		wsID := workspaceID
		if cn.Type == TypeBusinessWorkspace {
			wsID = cn.ID
		}
		if err := w.walk(ctx, cn.ID, wsID); err != nil {
			return err
		}
	}
	return nil
}

// poll delivers the new entries of one trail.
func (w *watcher) poll(ctx context.Context, n *watchedNode) error {
	if err := w.loadCheckpoint(ctx, n); err != nil {
		return err
	}
	if n.unsaved {
		if err := w.opts.Checkpoints.Save(saveContext(ctx), n.id, n.cp); err != nil {
			return fmt.Errorf("saving checkpoint: %w", err)
		}
		n.unsaved = false
	}
	w.mu.Lock()
	info, wsID := n.info, n.workspaceID
	w.mu.Unlock()

	lo := &AuditListOptions{ListOptions: ListOptions{Limit: w.opts.PageSize}, Ascending: true}
	if n.cp.Count > 0 {
		lo.Since = n.cp.Time
	} else if !w.opts.Since.IsZero() {
		lo.Since = w.opts.Since
	}
	var (
		ordinal  int
		versions int // entries before this one in its second that made a version
		prev     time.Time
		first    = true
		named    = auditVersions{c: w.c, nodeID: n.id}
	)
	for e, err := range w.c.Audit.ListIter(ctx, n.id, lo) {
		if err != nil {
			if errors.Is(err, ErrNotFound) && (n.seen || n.cp.Count > 0 || !n.root) {
				w.gone(ctx, n.id, func(id int64, err error) { w.report(id, err) })
				return nil
			}
			return fmt.Errorf("reading the audit trail: %w", err)
		}
		at := e.Time.Time
		if first || !at.Equal(prev) {
			ordinal, versions = 0, 0
		} else {
			ordinal++
		}
		first, prev = false, at
		ev := w.opts.AuditEventTypes.Event(e, ordinal, info)
		versionK := versions
		if ev.Type == EventVersionAdded || vendorAuditKind(e.EventName, e.EventType) == AuditCreate {
			versions++ // a document's Create makes its version 1
		}
		if n.cp.Count > 0 && at.Equal(n.cp.Time) && ordinal < n.cp.Count {
			continue // delivered before
		}
		if n.cp.Count > 0 && at.Before(n.cp.Time) {
			continue // the server filters by day; the SDK already drops these
		}
		if ev.Data.WorkspaceID == 0 {
			ev.Data.WorkspaceID = wsID
		}
		if ev.Type == EventVersionAdded {
			v, err := named.version(ctx, at, versionK)
			if err != nil {
				return err
			}
			ev.Data.Version = v
		}
		if ctx.Err() != nil || fenced(ctx) {
			return nil // stopping, or the lease ran out: the next holder emits it
		}
		if err := w.fn(ctx, ev); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("event %s (%s): %w", ev.ID, ev.Type, err)
		}
		n.cp = n.cp.advance(at)
		if err := w.opts.Checkpoints.Save(saveContext(ctx), n.id, n.cp); err != nil {
			if w.opts.Lease != nil {
				// Emitting more would be emitting what the next holder,
				// starting before this event, emits again: stop until it is
				// saved (savePending, on the next poll).
				n.unsaved = true
				return fmt.Errorf("saving checkpoint: %w", err)
			}
			// Delivered, but a restart would deliver it again: at least once.
			w.report(n.id, fmt.Errorf("saving checkpoint: %w", err))
		}
	}
	n.seen = true
	return nil
}

// loadCheckpoint reads the stored checkpoint of n once.
func (w *watcher) loadCheckpoint(ctx context.Context, n *watchedNode) error {
	if n.cpLoaded {
		return nil
	}
	cp, ok, err := w.opts.Checkpoints.Load(ctx, n.id)
	if err != nil {
		return fmt.Errorf("loading checkpoint: %w", err)
	}
	if ok {
		n.cp = cp
	}
	n.cpLoaded = true
	return nil
}

// gone delivers node.deleted for a trail that can no longer be read and
// stops polling it.
func (w *watcher) gone(ctx context.Context, id int64, failed func(int64, error)) {
	w.mu.Lock()
	n := w.nodes[id]
	w.mu.Unlock()
	if n == nil {
		return
	}
	// A restarted watcher has not read the checkpoint yet: it is what says
	// that the node existed when an earlier watcher read its trail.
	if err := w.loadCheckpoint(ctx, n); err != nil {
		failed(id, err)
		return
	}
	if n.root && !n.seen && n.cp.Count == 0 && n.info == nil {
		// Never seen: a wrong ID rather than a deletion.
		failed(id, fmt.Errorf("watched node %d: %w", id, ErrNotFound))
		return
	}
	ev := Event{
		ID:   "deleted_" + strconv.FormatInt(id, 10),
		Type: EventNodeDeleted,
		Time: time.Now().UTC().Truncate(time.Second),
		Data: EventData{NodeID: id, WorkspaceID: n.workspaceID},
	}
	if n.info != nil {
		ev.Data.Name, ev.Data.ParentID, ev.Data.Subtype = n.info.Name, n.info.ParentID, n.info.Type
	}
	if fenced(ctx) {
		return // the lease ran out: the next holder emits it
	}
	if err := w.fn(ctx, ev); err != nil {
		if ctx.Err() == nil {
			failed(id, fmt.Errorf("event %s (%s): %w", ev.ID, ev.Type, err))
		}
		return // delivered again next round
	}
	w.mu.Lock()
	delete(w.nodes, id)
	w.roots = slices.DeleteFunc(w.roots, func(r int64) bool { return r == id })
	w.mu.Unlock()
}
