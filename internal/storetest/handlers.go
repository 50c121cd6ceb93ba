package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// deliveries signs events and hands them to handlers, the way a sender
// would, with a fresh timestamp per attempt.
type deliveries struct {
	signer *webhook.Signer
	secret string
}

func newDeliveries(t testing.TB) *deliveries {
	t.Helper()
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	s, err := webhook.NewSigner(secret)
	require.NoError(t, err)
	return &deliveries{signer: s, secret: secret}
}

// verifier returns a Verifier of the deliveries' secret.
func (d *deliveries) verifier(t testing.TB) *webhook.Verifier {
	t.Helper()
	v, err := webhook.NewVerifier([]string{d.secret})
	require.NoError(t, err)
	return v
}

// send makes one attempt at delivering event id to h and returns the
// response.
func (d *deliveries) send(t testing.TB, h http.Handler, id string) *httptest.ResponseRecorder {
	body := []byte(`{"type":"document.created","timestamp":"2026-01-02T03:04:05Z","data":{"node_id":1}}`)
	hdr, err := d.signer.Headers(id, time.Now(), body)
	if err != nil {
		t.Errorf("signing %s: %v", id, err)
		return httptest.NewRecorder()
	}
	r := httptest.NewRequest(http.MethodPost, "/hooks", bytes.NewReader(body))
	for k, v := range hdr {
		r.Header[k] = v
	}
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// ledger is what the receivers did with each event.
type ledger struct {
	mu      sync.Mutex
	handled map[string]int // successful runs of the event function
}

func newLedger() *ledger { return &ledger{handled: map[string]int{}} }

func (l *ledger) record(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.handled[id]++
}

func (l *ledger) count(id string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.handled[id]
}

var errInjected = errors.New("storetest: injected handler failure")

// SharedDeduper runs three webhook.Handlers sharing dedup and delivers 1 000
// distinct events twice each (2 000 deliveries), concurrently, every
// attempt to a random replica, retrying until the answer is 2xx; a tenth
// of the event function's runs fail. In the end every event must have been
// handled exactly once, and no delivery may have been acknowledged before
// its event was handled.
func SharedDeduper(t *testing.T, dedup webhook.ClaimDeduper) {
	const events, copies, workers, failRate = 1000, 2, 16, 0.1
	d := newDeliveries(t)
	led := newLedger()
	handlers := make([]http.Handler, 3)
	for i := range handlers {
		h, err := webhook.NewHandler(d.verifier(t), func(_ context.Context, ev xecm.Event) error {
			if rand.Float64() < failRate {
				return errInjected
			}
			led.record(ev.ID)
			return nil
		}, webhook.WithDeduper(dedup))
		require.NoError(t, err)
		handlers[i] = h
	}
	ids := make([]string, 0, events*copies)
	for i := range events {
		for range copies {
			ids = append(ids, fmt.Sprintf("evt_shared_%04d", i))
		}
	}
	rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })

	work := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				deliverUntilAcknowledged(t, d, handlers, led, id)
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	for i := range events {
		id := fmt.Sprintf("evt_shared_%04d", i)
		assert.Equal(t, 1, led.count(id), "event %s handled %d times", id, led.count(id))
	}
}

// deliverUntilAcknowledged delivers id to random replicas until one
// answers 204, and checks that the event was handled by then.
func deliverUntilAcknowledged(t *testing.T, d *deliveries, handlers []http.Handler, led *ledger, id string) {
	for attempt := 1; ; attempt++ {
		w := d.send(t, handlers[rand.IntN(len(handlers))], id)
		switch w.Code {
		case http.StatusNoContent:
			if led.count(id) == 0 {
				t.Errorf("delivery of %s acknowledged (attempt %d) while the event was never handled", id, attempt)
			}
			return
		case http.StatusInternalServerError:
		case http.StatusServiceUnavailable:
			if w.Header().Get("Retry-After") == "" {
				t.Errorf("503 for %s without Retry-After", id)
			}
			runtime.Gosched() // another delivery holds it: let it finish
		default:
			t.Errorf("delivery of %s answered %d: %s", id, w.Code, w.Body)
			return
		}
		if attempt > 10_000 {
			t.Errorf("delivery of %s never acknowledged", id)
			return
		}
	}
}

// total returns how many times event functions succeeded.
func (l *ledger) total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.handled {
		n += c
	}
	return n
}

// distinct returns how many events were handled.
func (l *ledger) distinct() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.handled)
}
