package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/webhook"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestReceiverAnswersAHostileCorpus(t *testing.T) {
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	other, err := webhook.NewSecret()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	urlc := make(chan string, 1)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, config{Addr: "127.0.0.1:0", Secrets: []string{secret}, Env: exampleenv.Config{}, ready: func(u string) { urlc <- u }}, out)
	}()
	var url string
	select {
	case url = <-urlc:
	case err := <-done:
		t.Fatalf("receiver stopped: %v", err)
	}
	// The demo: the simulator's own callback arrives and is logged.
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "type=node.created") }, 10*time.Second, 10*time.Millisecond, out.String())

	now := time.Now()
	good := `{"type":"document.created","timestamp":"2025-03-01T10:00:00Z","data":{"node_id":4711,"name":"invoice.pdf","subtype":144}}`
	send := func(method, secret, id string, ts time.Time, body string, edit func(http.Header)) int {
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		require.NoError(t, err)
		if secret != "" {
			s, err := webhook.NewSigner(secret)
			require.NoError(t, err)
			h, err := s.Headers(id, ts, []byte(body))
			require.NoError(t, err)
			for k, v := range h {
				req.Header[k] = v
			}
		}
		if edit != nil {
			edit(req.Header)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		name string
		code func() int
		want int
	}{
		{"GET", func() int { return send(http.MethodGet, "", "", now, "", nil) }, 405},
		{"good", func() int { return send(http.MethodPost, secret, "evt_good", now, good, nil) }, 204},
		{"duplicate", func() int { return send(http.MethodPost, secret, "evt_good", now, good, nil) }, 204},
		{"tampered body", func() int {
			return send(http.MethodPost, secret, "evt_t", now, good, func(h http.Header) {
				s, _ := webhook.NewSigner(secret)
				sig, _ := s.Sign("evt_t", now, []byte(strings.Replace(good, "4711", "4712", 1)))
				h.Set("webhook-signature", sig)
			})
		}, 401},
		{"unknown secret", func() int { return send(http.MethodPost, other, "evt_u", now, good, nil) }, 401},
		{"stale", func() int { return send(http.MethodPost, secret, "evt_s", now.Add(-10*time.Minute), good, nil) }, 401},
		{"future", func() int { return send(http.MethodPost, secret, "evt_f", now.Add(10*time.Minute), good, nil) }, 401},
		{"no headers", func() int { return send(http.MethodPost, "", "", now, good, nil) }, 400},
		{"garbled timestamp", func() int {
			return send(http.MethodPost, secret, "evt_g", now, good, func(h http.Header) { h.Set("webhook-timestamp", "soon") })
		}, 400},
		{"garbled signature", func() int {
			return send(http.MethodPost, secret, "evt_g2", now, good, func(h http.Header) { h.Set("webhook-signature", "v1,@@@") })
		}, 400},
		{"oversize", func() int {
			return send(http.MethodPost, secret, "evt_o", now, `{"type":"x","pad":"`+strings.Repeat("a", 2<<20)+`"}`, nil)
		}, 413},
		{"not JSON", func() int { return send(http.MethodPost, secret, "evt_n", now, "<xml/>", nil) }, 400},
		{"no type", func() int { return send(http.MethodPost, secret, "evt_nt", now, `{"data":{"node_id":1}}`, nil) }, 400},
	} {
		assert.Equal(t, tc.want, tc.code(), tc.name)
	}
	assert.Equal(t, 1, strings.Count(out.String(), "id=evt_good"), "the duplicate was not processed again")
	assert.NotContains(t, out.String(), secret[len("whsec_"):])
	cancel()
	require.NoError(t, <-done)
}

func TestReceiverNeedsASecretForARealServer(t *testing.T) {
	err := run(t.Context(), config{Addr: "127.0.0.1:0", Env: exampleenv.Config{URL: "https://ecm.example.com/otcs/cs.exe"}}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "XECM_WEBHOOK_SECRET")
}
