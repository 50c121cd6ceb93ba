package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/internal/testservers"
	"github.com/xecm-go/xecm/webhook"
)

func TestTwoRelaysSharingRedisRelayEachEventOnce(t *testing.T) {
	srv := testservers.StartRedis(t)
	relayReplicas(t, config{Redis: srv.URL})
}

func TestTwoRelaysSharingPostgresRelayEachEventOnce(t *testing.T) {
	srv := testservers.StartPostgres(t)
	relayReplicas(t, config{Postgres: srv.DSN})
}

// relayReplicas runs two relays of one folder of a simulator, sharing the
// store of base, and checks that the receiver handles each of its events
// once.
func relayReplicas(t *testing.T, base config) {
	sim := simcheck.Start(t)
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	require.NoError(t, err)
	f, err := c.Nodes.CreateFolder(t.Context(), 2000, "relayed", nil)
	require.NoError(t, err)
	_, err = c.Nodes.CreateFolder(t.Context(), f.ID, "Incoming", nil)
	require.NoError(t, err)
	require.NoError(t, c.Nodes.Update(t.Context(), f.ID, xecm.NodeUpdateRequest{Description: xecm.Ptr("relayed")}))

	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	v, err := webhook.NewVerifier([]string{secret})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	handled := map[string]int{}
	h, err := webhook.NewHandler(v, func(_ context.Context, ev xecm.Event) error {
		mu.Lock()
		defer mu.Unlock()
		handled[ev.ID]++
		if len(handled) == 3 { // the folder's creation and change, the subfolder's creation
			cancel()
		}
		return nil
	})
	require.NoError(t, err)
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 2)
	for i := range outs {
		cfg := base
		cfg.Nodes, cfg.Subtree, cfg.To, cfg.Secrets, cfg.Name = []int64{f.ID}, true, receiver.URL, []string{secret}, "relay-test"
		cfg.Interval = 10 * time.Millisecond
		cfg.Env = exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, run(ctx, cfg, &outs[i]))
		}()
	}
	wg.Wait()
	require.NotErrorIs(t, ctx.Err(), context.DeadlineExceeded, "events not relayed:\n%s\n%s", outs[0].String(), outs[1].String())
	mu.Lock()
	defer mu.Unlock()
	for id, n := range handled {
		assert.Equal(t, 1, n, "event %s handled %d times", id, n)
	}
	assert.Len(t, handled, 3)
}
