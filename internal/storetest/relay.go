package storetest

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// RelayRestart runs an event relay (Watch enqueueing into outbox, a Relay
// sending to a receiver whose Handler deduplicates with dedup) that is
// killed while it delivers: its context is cancelled while the receiver
// handles the third event, after Watch had stored every event and moved
// its checkpoints past them. A relay restarted on the same outbox and
// checkpoints must bring every event of the audit trails to the receiver,
// each handled once, and leave the outbox empty.
func RelayRestart(t *testing.T, outbox webhook.Outbox, cps xecm.CheckpointStore, dedup webhook.Deduper) {
	tr := newTree(t)
	tr.grow(t, 5)
	want := tr.eventIDs()

	d := newDeliveries(t)
	led := newLedger()
	var kill atomic.Pointer[context.CancelFunc]
	handled := make(chan struct{}, 1)
	h, err := webhook.NewHandler(d.verifier(t), func(_ context.Context, ev xecm.Event) error {
		led.record(ev.ID)
		if k := kill.Load(); k != nil && led.total() == 3 {
			(*k)() // the relay dies while this delivery is answered
		}
		select {
		case handled <- struct{}{}:
		default:
		}
		return nil
	}, webhook.WithDeduper(dedup))
	require.NoError(t, err)
	receiver := httptest.NewServer(h)
	t.Cleanup(receiver.Close)
	sender, err := webhook.NewSender(d.signer, webhook.WithBackoff(time.Millisecond, 10*time.Millisecond))
	require.NoError(t, err)

	// First life: Watch stores every event, then the relay starts sending
	// and is killed on the third.
	ctx, cancel := context.WithCancel(t.Context())
	relay, err := webhook.NewRelay(sender, outbox, receiver.URL, webhook.WithRelayInterval(10*time.Millisecond))
	require.NoError(t, err)
	em := newEmissions()
	watching := watchInto(ctx, t, tr, cps, relay, em)
	em.waitFor(t, want, 30*time.Second)
	kill.Store(&cancel)
	relayed := run(ctx, t, relay.Run)
	<-relayed
	<-watching
	require.Less(t, led.distinct(), len(want), "the relay was to die before delivering everything")

	// Second life: a new relay on the same outbox and checkpoints.
	kill.Store(nil)
	ctx2, cancel2 := context.WithCancel(t.Context())
	defer cancel2()
	watched := &watchedOutbox{Outbox: outbox, deleted: make(chan struct{}, 1)}
	relay2, err := webhook.NewRelay(sender, watched, receiver.URL, webhook.WithRelayInterval(10*time.Millisecond))
	require.NoError(t, err)
	em2 := newEmissions()
	watched2 := watchInto(ctx2, t, tr, cps, relay2, em2)
	relayed2 := run(ctx2, t, relay2.Run)
	timeout := time.After(30 * time.Second)
	for led.distinct() < len(want) {
		select {
		case <-handled:
		case <-timeout:
			t.Fatalf("after the restart, %d of %d events reached the receiver", led.distinct(), len(want))
		}
	}
	for {
		left, err := outbox.Pending(t.Context(), 10)
		require.NoError(t, err)
		if len(left) == 0 {
			break
		}
		select {
		case <-watched.deleted:
		case <-timeout:
			t.Fatalf("acknowledged events left in the outbox: %d", len(left))
		}
	}
	cancel2()
	<-relayed2
	<-watched2
	require.Zero(t, em2.count(), "the restarted Watch emitted events already stored")
	for id := range want {
		require.Equal(t, 1, led.count(id), "event %s handled %d times", id, led.count(id))
	}
}

// watchInto runs Watch over tr until ctx ends, enqueueing every event in
// relay and recording it in em once stored.
func watchInto(ctx context.Context, t *testing.T, tr *tree, cps xecm.CheckpointStore, relay *webhook.Relay, em *emissions) <-chan struct{} {
	return run(ctx, t, func(ctx context.Context) error {
		return tr.c.Events.Watch(ctx, xecm.WatchOptions{NodeIDs: []int64{tr.root}, Subtree: true,
			Checkpoints: cps, Interval: 5 * time.Millisecond, OnError: func(int64, error) {}},
			func(ctx context.Context, ev xecm.Event) error {
				if err := relay.Enqueue(ctx, ev); err != nil {
					return err
				}
				em.emit(0, ev.ID)
				return nil
			})
	})
}

// watchedOutbox signals every deletion.
type watchedOutbox struct {
	webhook.Outbox
	deleted chan struct{}
}

func (o *watchedOutbox) Delete(ctx context.Context, id string) error {
	err := o.Outbox.Delete(ctx, id)
	select {
	case o.deleted <- struct{}{}:
	default:
	}
	return err
}
