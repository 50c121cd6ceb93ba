package storetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// ErrOutage is the error of the calls an Outage fails.
var ErrOutage = errors.New("storetest: store unreachable")

// Outage stands for a store that goes away: between Stop and Start, the
// calls of the leases and checkpoint stores it wraps fail with ErrOutage.
// Wrapping only one replica's lease cuts that replica off (a partition).
type Outage struct {
	down atomic.Bool
}

// Stop makes the wrapped calls fail.
func (o *Outage) Stop() { o.down.Store(true) }

// Start lets them through again.
func (o *Outage) Start() { o.down.Store(false) }

func (o *Outage) check() error {
	if o.down.Load() {
		return ErrOutage
	}
	return nil
}

// Lease wraps l.
func (o *Outage) Lease(l xecm.Lease) xecm.Lease { return outageLease{l, o} }

// Checkpoints wraps s.
func (o *Outage) Checkpoints(s xecm.CheckpointStore) xecm.CheckpointStore {
	return outageCheckpoints{s, o}
}

type outageLease struct {
	xecm.Lease
	o *Outage
}

func (l outageLease) Acquire(ctx context.Context, ttl time.Duration) (int64, bool, error) {
	if err := l.o.check(); err != nil {
		return 0, false, err
	}
	return l.Lease.Acquire(ctx, ttl)
}

func (l outageLease) Renew(ctx context.Context, token int64, ttl time.Duration) (bool, error) {
	if err := l.o.check(); err != nil {
		return false, err
	}
	return l.Lease.Renew(ctx, token, ttl)
}

func (l outageLease) Release(ctx context.Context, token int64) error {
	if err := l.o.check(); err != nil {
		return err
	}
	return l.Lease.Release(ctx, token)
}

type outageCheckpoints struct {
	xecm.CheckpointStore
	o *Outage
}

func (s outageCheckpoints) Load(ctx context.Context, nodeID int64) (xecm.Checkpoint, bool, error) {
	if err := s.o.check(); err != nil {
		return xecm.Checkpoint{}, false, err
	}
	return s.CheckpointStore.Load(ctx, nodeID)
}

func (s outageCheckpoints) Save(ctx context.Context, nodeID int64, cp xecm.Checkpoint) error {
	if err := s.o.check(); err != nil {
		return err
	}
	return s.CheckpointStore.Save(ctx, nodeID, cp)
}

// PartitionedLeader runs a Watch replica A that holds the lease, then cuts
// it off the lease (its renewals fail; it still reaches the server and the
// checkpoints) and starts a replica B, while events keep coming. A must
// stop emitting before B emits anything (fenced by the lease's deadline),
// and together they must emit every event of the audit trails, none twice.
func PartitionedLeader(t *testing.T, newLease func() xecm.Lease, cps xecm.CheckpointStore) {
	tr := newTree(t)
	tr.grow(t, 3)
	em := newEmissions()
	var mu sync.Mutex
	var lastA, firstB time.Time
	cut := &Outage{}
	start := func(replica int, lease xecm.Lease) (context.CancelFunc, <-chan struct{}) {
		ctx, cancel := context.WithCancel(t.Context())
		c := newClient(t, tr.sim)
		opts := xecm.WatchOptions{NodeIDs: []int64{tr.root}, Subtree: true, Checkpoints: cps,
			Interval: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Lease: lease, LeaseTTL: LeaseTTL,
			OnError: func(int64, error) {}}
		return cancel, run(ctx, t, func(ctx context.Context) error {
			return c.Events.Watch(ctx, opts, func(_ context.Context, ev xecm.Event) error {
				mu.Lock()
				if now := time.Now(); replica == 0 {
					lastA = now
				} else if firstB.IsZero() {
					firstB = now
				}
				mu.Unlock()
				em.emit(replica, ev.ID)
				return nil
			})
		})
	}
	cancelA, doneA := start(0, cut.Lease(newLease()))
	defer func() { cancelA(); <-doneA }()
	em.waitFor(t, tr.eventIDs(), 30*time.Second)

	cut.Stop()
	cancelB, doneB := start(1, newLease())
	defer func() { cancelB(); <-doneB }()
	// Events keep coming, for A to emit if it did not stop, until B took
	// over, and for twenty more events.
	timeout := time.After(30 * time.Second)
	for more := 20; more > 0; {
		tr.grow(t, 1)
		mu.Lock()
		if !firstB.IsZero() {
			more--
		}
		mu.Unlock()
		select {
		case <-timeout:
			t.Fatal("B never emitted: A kept the lease while cut off")
		default:
		}
	}
	all := tr.eventIDs()
	em.waitFor(t, all, 30*time.Second)
	cancelA()
	cancelB()
	<-doneA
	<-doneB

	mu.Lock()
	defer mu.Unlock()
	require.True(t, lastA.Before(firstB), "A emitted at %s, after B started emitting at %s", lastA.Format(time.RFC3339Nano), firstB.Format(time.RFC3339Nano))
	em.check(t, all)
}
