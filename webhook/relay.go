package webhook

import (
	"context"
	"fmt"
	"time"

	"github.com/xecm-go/xecm"
)

// Relay forwards events to one subscriber through an Outbox, so that none
// is lost between the source and the subscriber: Enqueue (the event
// function of Watch) stores an event before the source moves past it, and
// Run sends the stored events in order, removing each only when the
// subscriber acknowledged it. A relay restarted after a crash sends what
// was pending, with the same webhook-id, so the subscriber's Handler
// drops the copies it had already handled.
//
// Several replicas may Run on one shared Outbox: an event is then sent
// more than once only when two replicas read it before either removed it,
// and receivers deduplicate those.
type Relay struct {
	sender   *Sender
	outbox   Outbox
	target   string
	batch    int
	interval time.Duration
	onError  func(error)
	wake     chan struct{}
}

// RelayOption configures NewRelay.
type RelayOption func(*Relay)

// WithRelayInterval sets how often Run looks into the outbox when nothing
// was enqueued in this process (events enqueued by another replica, or
// left by a failed delivery). If not set, 5 seconds.
func WithRelayInterval(d time.Duration) RelayOption {
	return func(r *Relay) {
		if d > 0 {
			r.interval = d
		}
	}
}

// WithRelayErrors sets a function told of every failure Run recovers from
// (an outbox that cannot be read, a delivery that failed). If not set,
// failures are dropped: Run keeps the events and tries again.
func WithRelayErrors(f func(error)) RelayOption {
	return func(r *Relay) {
		if f != nil {
			r.onError = f
		}
	}
}

// NewRelay returns a Relay sending the events of outbox to target with
// sender. It refuses a nil sender or outbox and a target that is not an
// absolute http(s) URL (xecm.ErrInvalidArgument).
func NewRelay(sender *Sender, outbox Outbox, target string, opts ...RelayOption) (*Relay, error) {
	if sender == nil || isNil(outbox) {
		return nil, fmt.Errorf("webhook: NewRelay: nil sender or outbox: %w", xecm.ErrInvalidArgument)
	}
	if err := checkTarget(target); err != nil {
		return nil, fmt.Errorf("webhook: NewRelay: %w", err)
	}
	r := &Relay{sender: sender, outbox: outbox, target: target, batch: 100,
		interval: 5 * time.Second, onError: func(error) {}, wake: make(chan struct{}, 1)}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	return r, nil
}

// Enqueue stores ev in the outbox for Run to send. It is an xecm.EventFunc:
// given to Watch, the checkpoint moves past an event only once it is
// stored. It refuses an event the Sender could not send (no ID, no type)
// with an error wrapping xecm.ErrInvalidArgument.
func (r *Relay) Enqueue(ctx context.Context, ev xecm.Event) error {
	if err := checkID(ev.ID); err != nil {
		return fmt.Errorf("webhook: Relay.Enqueue: event ID: %w: %w", err, xecm.ErrInvalidArgument)
	}
	if err := r.outbox.Put(ctx, ev); err != nil {
		return fmt.Errorf("webhook: Relay.Enqueue: storing event %s: %w", ev.ID, err)
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return nil
}

// Run sends the outbox's events until ctx ends, oldest first. A delivery
// that fails after the Sender's attempts stays in the outbox, and so do
// the events after it (they keep their order); Run tries again after the
// relay interval. It returns nil when ctx ends.
func (r *Relay) Run(ctx context.Context) error {
	for {
		sent, err := r.drain(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			r.onError(err)
		}
		if sent && err == nil {
			continue // there may be more than a batch
		}
		t := time.NewTimer(r.interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-r.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// drain sends one batch of pending events, in order, and reports whether
// it sent any.
func (r *Relay) drain(ctx context.Context) (bool, error) {
	evs, err := r.outbox.Pending(ctx, r.batch)
	if err != nil {
		return false, fmt.Errorf("webhook: Relay: reading the outbox: %w", err)
	}
	for _, ev := range evs {
		if err := r.sender.Send(ctx, r.target, ev); err != nil {
			return false, fmt.Errorf("webhook: Relay: %w", err)
		}
		// Acknowledged: removed even if ctx ended meanwhile (left, it would
		// only be sent again).
		if err := r.outbox.Delete(context.WithoutCancel(ctx), ev.ID); err != nil {
			return false, fmt.Errorf("webhook: Relay: removing event %s from the outbox: %w", ev.ID, err)
		}
	}
	return len(evs) > 0, nil
}
