package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/testservers"
	"github.com/xecm-go/xecm/webhook"
)

func TestReplicasSharingRedisHandleARetryOnce(t *testing.T) {
	srv := testservers.StartRedis(t)
	receiverReplicas(t, config{Redis: srv.URL})
}

func TestReplicasSharingPostgresHandleARetryOnce(t *testing.T) {
	srv := testservers.StartPostgres(t)
	receiverReplicas(t, config{Postgres: srv.DSN})
}

// receiverReplicas starts two receivers sharing the store of base and
// delivers one event to each: the second replica acknowledges it without
// handling it again.
func receiverReplicas(t *testing.T, base config) {
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	urls := make([]string, 2)
	outs := make([]*syncBuffer, 2)
	dones := make([]chan error, 2)
	for i := range urls {
		cfg := base
		cfg.Addr, cfg.Secrets = "127.0.0.1:0", []string{secret}
		// Not the demo: no simulator, only the receiver.
		cfg.Env = exampleenv.Config{URL: "https://ecm.example.com/otcs/cs.exe"}
		urlc := make(chan string, 1)
		cfg.ready = func(u string) { urlc <- u }
		outs[i], dones[i] = &syncBuffer{}, make(chan error, 1)
		go func() { dones[i] <- run(ctx, cfg, outs[i]) }()
		select {
		case urls[i] = <-urlc:
		case err := <-dones[i]:
			t.Fatalf("replica %d stopped: %v\n%s", i, err, outs[i])
		}
	}
	s, err := webhook.NewSigner(secret)
	require.NoError(t, err)
	body := `{"type":"document.created","timestamp":"2025-03-01T10:00:00Z","data":{"node_id":4711}}`
	for _, u := range urls {
		req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
		require.NoError(t, err)
		h, err := s.Headers("evt_replicated", time.Now(), []byte(body))
		require.NoError(t, err)
		for k, v := range h {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	}
	cancel()
	for i := range dones {
		require.NoError(t, <-dones[i])
	}
	assert.Equal(t, 1, strings.Count(outs[0].String()+outs[1].String(), "id=evt_replicated"), "the retry on the other replica was handled again")
	assert.Contains(t, outs[1].String(), "shared with the other replicas")
}
