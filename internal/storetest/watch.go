package storetest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// LeaseTTL is the lease TTL of the Watch scenarios: short, so that a
// takeover is quick, long enough for renewals on a loaded machine.
const LeaseTTL = time.Second

// crashableLease is a replica's lease that, once crashed, never releases:
// the replica's holding must run out in the store.
type crashableLease struct {
	xecm.Lease
	crashed  atomic.Bool
	mu       sync.Mutex
	acquired []time.Time
}

func (l *crashableLease) Acquire(ctx context.Context, ttl time.Duration) (int64, bool, error) {
	tok, ok, err := l.Lease.Acquire(ctx, ttl)
	if ok && err == nil {
		l.mu.Lock()
		l.acquired = append(l.acquired, time.Now())
		l.mu.Unlock()
	}
	return tok, ok, err
}

func (l *crashableLease) Release(ctx context.Context, token int64) error {
	if l.crashed.Load() {
		return nil
	}
	return l.Lease.Release(ctx, token)
}

// firstAcquiredAfter returns when l was first acquired after t0.
func (l *crashableLease) firstAcquiredAfter(t0 time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, at := range l.acquired {
		if at.After(t0) {
			return at, true
		}
	}
	return time.Time{}, false
}

// WatchReplicas runs three Watch replicas of one subtree sharing a lease
// (newLease is called once per replica, for its own handle on the one
// lease) and the checkpoints. The leader crashes halfway through the
// trail: its context is cancelled and its lease is not released. Another
// replica must take over within the TTL and emit the rest, more events
// made after the crash included; across the run no event may be emitted
// twice, and every event of the simulator's audit trails must be.
func WatchReplicas(t *testing.T, newLease func() xecm.Lease, cps xecm.CheckpointStore) {
	tr := newTree(t)
	tr.grow(t, 15)
	first := tr.eventIDs()
	killAt := len(first) / 2

	em := newEmissions()
	leases := make([]*crashableLease, 3)
	cancels := make([]context.CancelFunc, 3)
	dones := make([]<-chan struct{}, 3)
	var crashedAt atomic.Pointer[time.Time]
	crashed := atomic.Int32{}
	crashed.Store(-1)
	for i := range leases {
		leases[i] = &crashableLease{Lease: newLease()}
		ctx, cancel := context.WithCancel(t.Context())
		cancels[i] = cancel
		c := newClient(t, tr.sim)
		opts := xecm.WatchOptions{NodeIDs: []int64{tr.root}, Subtree: true, Checkpoints: cps,
			Interval: 5 * time.Millisecond, Lease: leases[i], LeaseTTL: LeaseTTL,
			OnError: func(int64, error) {}}
		dones[i] = run(ctx, t, func(ctx context.Context) error {
			return c.Events.Watch(ctx, opts, func(_ context.Context, ev xecm.Event) error {
				if n := em.emit(i, ev.ID); n == killAt && crashed.CompareAndSwap(-1, int32(i)) {
					// The leader dies after this event, without releasing.
					leases[i].crashed.Store(true)
					now := time.Now()
					crashedAt.Store(&now)
					cancel()
				}
				return nil
			})
		})
	}
	t.Cleanup(func() {
		for i := range cancels {
			cancels[i]()
			<-dones[i]
		}
	})

	em.waitFor(t, first, 30*time.Second)
	leader := int(crashed.Load())
	require.GreaterOrEqual(t, leader, 0, "nobody crashed")
	<-dones[leader]
	tr.grow(t, 5)
	all := tr.eventIDs()
	em.waitFor(t, all, 30*time.Second)

	// Taken over within the TTL (plus the retry interval of a tenth of it,
	// and slack for a loaded machine).
	var took time.Duration
	for i, l := range leases {
		if i == leader {
			continue
		}
		if at, ok := l.firstAcquiredAfter(*crashedAt.Load()); ok && (took == 0 || at.Sub(*crashedAt.Load()) < took) {
			took = at.Sub(*crashedAt.Load())
		}
	}
	require.NotZero(t, took, "no replica took the lease over")
	assert.Less(t, took, 2*LeaseTTL, "takeover after the leader crashed")
	for i := range cancels {
		cancels[i]()
		<-dones[i]
	}
	em.check(t, all)
}
