package xecm

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"time"
)

const defaultLeaseTTL = 30 * time.Second

// holding is one replica's holding of a Watch lease. Its deadline is the
// earliest moment the store may let another replica take the lease: the
// TTL counted from before the request that took or renewed it, less a
// margin for clocks that run at slightly different rates. It stops
// emitting another tenth of the TTL before that (emitBy): an event emitted
// later could not have its checkpoint saved in time, and the next holder,
// starting from the last saved one, would emit it again.
type holding struct {
	token  int64
	mu     sync.Mutex
	until  time.Time
	emitBy time.Time
}

func (h *holding) deadline() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.until
}

// emitDeadline is when the holder emits its last event.
func (h *holding) emitDeadline() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.emitBy
}

func (h *holding) extend(from time.Time, ttl time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.until = from.Add(ttl - ttl/10)
	h.emitBy = h.until.Add(-ttl / 10)
}

type (
	holdingKey    struct{}
	leaseTokenKey struct{}
)

// LeaseToken returns the fencing token carried by ctx: that of the lease
// holding under which Watch called the event function (WatchOptions.Lease),
// or one set by WithLeaseToken. Pass it to what the function writes, so
// that a store can refuse the writes of a holder that has been superseded
// (the checkpoint stores of store/redisstore and store/pgstore do, with
// ErrFenced).
func LeaseToken(ctx context.Context) (int64, bool) {
	t, ok := ctx.Value(leaseTokenKey{}).(int64)
	return t, ok
}

// WithLeaseToken returns a copy of ctx carrying the fencing token of a
// lease holding, for writes made under a Lease held outside Watch.
func WithLeaseToken(ctx context.Context, token int64) context.Context {
	return context.WithValue(ctx, leaseTokenKey{}, token)
}

// fenced reports whether ctx is that of a holding too near its deadline
// (past emitBy): its holder must emit nothing more.
func fenced(ctx context.Context) bool {
	h, ok := ctx.Value(holdingKey{}).(*holding)
	return ok && !time.Now().Before(h.emitDeadline())
}

// saveTimeout bounds a checkpoint save that outlives its Watch.
const saveTimeout = 10 * time.Second

// saveContext is the context of a checkpoint save after a delivered event.
// The save is not cut short by the end of ctx: the event was emitted, and
// left unsaved it would be emitted again after a restart. It is bounded by
// saveTimeout, and under a lease by the holding's deadline, after which
// the next holder's saves are the ones that count.
func saveContext(ctx context.Context) context.Context {
	deadline := time.Now().Add(saveTimeout)
	if h, ok := ctx.Value(holdingKey{}).(*holding); ok {
		deadline = h.deadline()
	}
	c, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	context.AfterFunc(c, cancel) // released with the deadline
	return c
}

// runLeased competes for the lease until ctx ends and polls while it
// holds it.
func (w *watcher) runLeased(ctx context.Context) error {
	ttl := w.opts.LeaseTTL
	retry := max(ttl/10, time.Millisecond)
	for {
		start := time.Now()
		token, ok, err := w.opts.Lease.Acquire(ctx, ttl)
		if ctx.Err() != nil {
			if err == nil && ok {
				w.release(ctx, token)
			}
			return nil
		}
		if err != nil {
			w.report(0, fmt.Errorf("acquiring the watch lease: %w", err))
		} else if ok {
			h := &holding{token: token}
			h.extend(start, ttl)
			w.lead(ctx, h)
			if ctx.Err() != nil {
				return nil
			}
			continue
		}
		t := time.NewTimer(retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// lead polls under holding h until ctx ends or the holding is lost.
func (w *watcher) lead(ctx context.Context, h *holding) {
	// Another holder may have moved the checkpoints since this replica
	// last held the lease, unless the fencing token says that nobody held
	// it in between: then the checkpoints in memory are the latest, and
	// those that could not be saved are saved first, instead of the events
	// being emitted again.
	if h.token != w.lastToken+1 {
		w.mu.Lock()
		for _, n := range w.nodes {
			n.cp, n.cpLoaded, n.unsaved = Checkpoint{}, false, false
		}
		w.mu.Unlock()
	}
	w.lastToken = h.token

	hctx, cancel := context.WithCancelCause(WithLeaseToken(context.WithValue(ctx, holdingKey{}, h), h.token))
	defer cancel(nil)
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		if err := w.renew(hctx, h); err != nil {
			w.report(0, err)
			cancel(err)
		}
	}()
	_ = w.pollRounds(hctx)
	cancel(nil)
	<-renewed
	if ctx.Err() != nil {
		w.release(ctx, h.token)
	}
}

// renew renews h every third of the TTL until ctx ends. It returns an
// error wrapping ErrLeaseLost when the store says the holding is gone, or
// when the deadline passed without a renewal (the store unreachable).
func (w *watcher) renew(ctx context.Context, h *holding) error {
	ttl := w.opts.LeaseTTL
	next := time.Now().Add(ttl / 3)
	var lastErr error
	for {
		deadline := h.deadline()
		wake := next
		if deadline.Before(wake) {
			wake = deadline
		}
		t := time.NewTimer(time.Until(wake))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		if !time.Now().Before(deadline) {
			return fmt.Errorf("%w: not renewed before its TTL ran out (last error: %v)", ErrLeaseLost, lastErr)
		}
		start := time.Now()
		rctx, rcancel := context.WithDeadline(ctx, deadline)
		ok, err := w.opts.Lease.Renew(rctx, h.token, ttl)
		rcancel()
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			lastErr = err
			w.report(0, fmt.Errorf("renewing the watch lease: %w", err))
			next = time.Now().Add(max(ttl/10, time.Millisecond))
		case !ok:
			return fmt.Errorf("%w: another replica holds it", ErrLeaseLost)
		default:
			h.extend(start, ttl)
			lastErr = nil
			next = start.Add(ttl / 3)
		}
	}
}

// release gives the lease up when Watch stops, so that another replica
// takes over without waiting for the TTL.
func (w *watcher) release(ctx context.Context, token int64) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.opts.LeaseTTL)
	defer cancel()
	if err := w.opts.Lease.Release(rctx, token); err != nil {
		w.report(0, fmt.Errorf("releasing the watch lease: %w", err))
	}
}

// isNilValue reports whether v holds a nil pointer (a typed nil in an
// interface, whose methods would panic).
func isNilValue(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
