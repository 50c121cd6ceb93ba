package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

func newTestSender(t *testing.T, opts ...webhook.SenderOption) *webhook.Sender {
	t.Helper()
	sg, err := webhook.NewSigner(testSecret)
	require.NoError(t, err)
	s, err := webhook.NewSender(sg, append([]webhook.SenderOption{webhook.WithBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)...)
	require.NoError(t, err)
	return s
}

var sampleEvent = xecm.Event{ID: "evt_send_1", Type: xecm.EventVersionAdded, Time: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC),
	Data: xecm.EventData{NodeID: 77, Version: 3, Subtype: xecm.TypeDocument}}

func TestSenderDeliversToHandlerAfterRetries(t *testing.T) {
	rec := &recorder{}
	v, err := webhook.NewVerifier([]string{testSecret})
	require.NoError(t, err)
	h, err := webhook.NewHandler(v, rec.handle)
	require.NoError(t, err)
	var mu sync.Mutex
	var stamps []string
	attempts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts++
		n := attempts
		stamps = append(stamps, r.Header.Get("webhook-id"))
		mu.Unlock()
		if n <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	require.NoError(t, newTestSender(t).Send(context.Background(), srv.URL, sampleEvent))
	assert.Equal(t, 3, attempts)
	assert.Equal(t, []string{"evt_send_1", "evt_send_1", "evt_send_1"}, stamps, "every attempt carries the same id")
	require.Equal(t, 1, rec.count())
	got := rec.events[0]
	assert.Equal(t, sampleEvent.ID, got.ID)
	assert.Equal(t, sampleEvent.Type, got.Type)
	assert.Equal(t, sampleEvent.Data, got.Data)
	assert.True(t, sampleEvent.Time.Equal(got.Time))
}

func TestSenderFinalAnswers(t *testing.T) {
	for _, code := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusGone, http.StatusFound} {
		attempts := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			attempts++
			if code == http.StatusFound {
				w.Header().Set("Location", "/elsewhere")
			}
			w.WriteHeader(code)
		}))
		err := newTestSender(t).Send(context.Background(), srv.URL+"/hook?token=secret-token", sampleEvent)
		srv.Close()
		var de *webhook.DeliveryError
		require.ErrorAs(t, err, &de, "status %d", code)
		assert.Equal(t, code, de.StatusCode)
		assert.Equal(t, 1, attempts, "status %d is final", code)
		assert.NotContains(t, err.Error(), "secret-token")
	}
}

func TestSenderGivesUpAfterAttempts(t *testing.T) {
	attempts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts++
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	err := newTestSender(t, webhook.WithAttempts(3)).Send(context.Background(), srv.URL, sampleEvent)
	var de *webhook.DeliveryError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 3, de.Attempts)
	assert.Equal(t, 3, attempts)
}

func TestSenderTransportErrorsAndContext(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	err := newTestSender(t, webhook.WithAttempts(2)).Send(context.Background(), url, sampleEvent)
	var de *webhook.DeliveryError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 2, de.Attempts)
	assert.Error(t, de.Err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = newTestSender(t).Send(ctx, url, sampleEvent)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func TestSenderRefusesBadInput(t *testing.T) {
	s := newTestSender(t)
	ev := sampleEvent
	ev.ID = ""
	assert.ErrorIs(t, s.Send(context.Background(), "http://127.0.0.1:1/x", ev), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, s.Send(context.Background(), "not a url", sampleEvent), xecm.ErrInvalidArgument)
	_, err := webhook.NewSender(nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestSenderRefusesAnEventReceiversWouldRefuseBeforeSending(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	s := newTestSender(t)
	for name, typ := range map[string]xecm.EventType{"no type": "", "type with a space": "document created"} {
		ev := sampleEvent
		ev.Type = typ
		err := s.Send(context.Background(), srv.URL, ev)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
		assert.ErrorIs(t, err, xecm.ErrInvalidEvent, name)
	}
	assert.Zero(t, requests.Load(), "an event no receiver accepts was sent")
}
