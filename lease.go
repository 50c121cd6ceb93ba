package xecm

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Lease makes one of several replicas the holder of a named role, such as
// the poller of a set of nodes (WatchOptions.Lease), for a time to live
// that the holder renews. A replica that stops renewing (it died, or
// cannot reach the store) loses it when the TTL runs out, and another may
// take it.
//
// Every holding has a fencing token, larger than the tokens of every
// holding before it, so that whatever the holder writes can be refused
// once a later holder exists. Implementations must be safe for concurrent
// use: the core's MemoryLease within one process, store/redisstore and
// store/pgstore across replicas.
type Lease interface {
	// Acquire takes the lease for ttl if nobody holds it, and returns the
	// fencing token of the new holding. ok is false while another holds it.
	Acquire(ctx context.Context, ttl time.Duration) (token int64, ok bool, err error)
	// Renew extends the holding of token to ttl from now. It reports false
	// when token no longer holds the lease (it expired, maybe taken over).
	Renew(ctx context.Context, token int64, ttl time.Duration) (bool, error)
	// Release gives the lease up if token holds it, so that another replica
	// need not wait for the TTL; otherwise it does nothing.
	Release(ctx context.Context, token int64) error
}

// ErrFenced is returned by a store that refused a write made under a
// lease holding older than one it has seen (store/redisstore and
// store/pgstore checkpoints, with the token of LeaseToken): the writer is
// a holder that has been superseded.
var ErrFenced = errors.New("xecm: write of a superseded lease holder refused")

// ErrLeaseLost is reported (WatchOptions.OnError) when a watcher lost its
// lease, or could not renew it in time and stopped emitting.
var ErrLeaseLost = errors.New("xecm: lease lost")

// MemoryLease is a Lease within one process, for tests and for several
// watchers of one process. Its clock can be set (SetClock) so that tests
// expire it without waiting.
type MemoryLease struct {
	mu      sync.Mutex
	now     func() time.Time
	token   int64 // of the last holding
	held    bool
	expires time.Time
}

// NewMemoryLease returns a lease that nobody holds.
func NewMemoryLease() *MemoryLease { return &MemoryLease{now: time.Now} }

// SetClock sets the clock that expires holdings (time.Now if not set).
func (l *MemoryLease) SetClock(now func() time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.now = now
}

func (l *MemoryLease) clock() time.Time {
	if l.now == nil {
		return time.Now()
	}
	return l.now()
}

// Acquire implements Lease.
func (l *MemoryLease) Acquire(_ context.Context, ttl time.Duration) (int64, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	if l.held && now.Before(l.expires) {
		return 0, false, nil
	}
	l.token++
	l.held, l.expires = true, now.Add(ttl)
	return l.token, true, nil
}

// Renew implements Lease.
func (l *MemoryLease) Renew(_ context.Context, token int64, ttl time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	if !l.held || token != l.token || !now.Before(l.expires) {
		return false, nil
	}
	l.expires = now.Add(ttl)
	return true, nil
}

// Release implements Lease.
func (l *MemoryLease) Release(_ context.Context, token int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held && token == l.token {
		l.held = false
	}
	return nil
}
