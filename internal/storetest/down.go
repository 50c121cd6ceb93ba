package storetest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// Server is a store's server that a scenario stops and starts again.
type Server interface {
	Stop()
	Start()
}

// HandlerWithStoreDown delivers events to a Handler deduplicating with
// dedup, stops the server, delivers more, and starts it again. While it is
// down every delivery, new or a duplicate, is answered 503 with
// Retry-After and none is handled; once it is back, the deliveries refused
// are handled, once, and those handled before are still known.
func HandlerWithStoreDown(t *testing.T, srv Server, dedup webhook.ClaimDeduper) {
	d := newDeliveries(t)
	led := newLedger()
	h, err := webhook.NewHandler(d.verifier(t), func(_ context.Context, ev xecm.Event) error {
		led.record(ev.ID)
		return nil
	}, webhook.WithDeduper(dedup))
	require.NoError(t, err)
	deliver := func(id string, want int) {
		t.Helper()
		w := d.send(t, h, id)
		require.Equal(t, want, w.Code, "delivery of %s: %s", id, w.Body)
		if want == http.StatusServiceUnavailable {
			assert.NotEmpty(t, w.Header().Get("Retry-After"), "503 without Retry-After")
		}
	}
	for i := range 5 {
		deliver(fmt.Sprintf("evt_before_%d", i), http.StatusNoContent)
	}
	srv.Stop()
	for i := range 5 {
		deliver(fmt.Sprintf("evt_during_%d", i), http.StatusServiceUnavailable)
		deliver(fmt.Sprintf("evt_before_%d", i), http.StatusServiceUnavailable)
	}
	require.Equal(t, 5, led.total(), "an event was handled while it could not be deduplicated")
	srv.Start()
	// The store's client may take a moment to reconnect: retry as a sender
	// does, after a pause (shorter than Retry-After, for a quick test).
	for attempt := 0; ; attempt++ {
		w := d.send(t, h, "evt_during_0")
		if w.Code == http.StatusNoContent {
			break
		}
		require.Equal(t, http.StatusServiceUnavailable, w.Code, "delivery after the restart: %s", w.Body)
		require.Less(t, attempt, 500, "the Handler did not recover when the store came back")
		<-time.After(20 * time.Millisecond)
	}
	for i := range 5 {
		deliver(fmt.Sprintf("evt_during_%d", i), http.StatusNoContent)
		deliver(fmt.Sprintf("evt_during_%d", i), http.StatusNoContent)
		deliver(fmt.Sprintf("evt_before_%d", i), http.StatusNoContent)
	}
	for i := range 5 {
		assert.Equal(t, 1, led.count(fmt.Sprintf("evt_during_%d", i)))
		assert.Equal(t, 1, led.count(fmt.Sprintf("evt_before_%d", i)), "forgotten across the restart")
	}
}

// WatchWithStoreDown runs Watch with the store's lease and checkpoints,
// stops the server while events keep coming, and starts it again. While
// it is down Watch must report the failure and, once its lease ran out,
// emit nothing; once it is back, every event must be emitted, none twice.
func WatchWithStoreDown(t *testing.T, srv Server, lease xecm.Lease, cps xecm.CheckpointStore) {
	tr := newTree(t)
	tr.grow(t, 3)
	em := newEmissions()
	errs := make(chan error, 1000)
	ctx, cancel := context.WithCancel(t.Context())
	opts := xecm.WatchOptions{NodeIDs: []int64{tr.root}, Subtree: true, Checkpoints: cps,
		Interval: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Lease: lease, LeaseTTL: LeaseTTL,
		OnError: func(_ int64, err error) {
			select {
			case errs <- err:
			default:
			}
		}}
	done := run(ctx, t, func(ctx context.Context) error {
		return tr.c.Events.Watch(ctx, opts, func(_ context.Context, ev xecm.Event) error {
			em.emit(0, ev.ID)
			return nil
		})
	})
	defer func() { cancel(); <-done }()
	em.waitFor(t, tr.eventIDs(), 30*time.Second)

	srv.Stop()
	tr.grow(t, 3)
	timeout := time.After(30 * time.Second)
	lost := false
	afterLost, emitted := 0, 0
	for afterLost < 3 {
		select {
		case err := <-errs:
			switch {
			case errors.Is(err, xecm.ErrLeaseLost):
				lost, emitted = true, em.count()
			case lost:
				afterLost++ // failures to take the lease again
			}
		case <-timeout:
			t.Fatalf("with the store down, Watch reported no lost lease (lost: %t)", lost)
		}
	}
	require.Equal(t, emitted, em.count(), "Watch emitted events after it lost its lease")
	srv.Start()
	all := tr.eventIDs()
	em.waitFor(t, all, 30*time.Second)
	cancel()
	<-done
	em.check(t, all)
}
