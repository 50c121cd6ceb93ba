package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/webhook"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestRelayForwardsVerifiedEventsToAURL(t *testing.T) {
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	v, err := webhook.NewVerifier([]string{secret})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var mu sync.Mutex
	var got []xecm.Event
	h, err := webhook.NewHandler(v, func(_ context.Context, ev xecm.Event) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev)
		if len(got) == 3 { // create and description change of the folder, create of its subfolder
			cancel()
		}
		return nil
	})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	var out bytes.Buffer
	cfg := config{To: ts.URL, Secrets: []string{secret}, Env: exampleenv.Config{}}
	require.NoError(t, run(ctx, cfg, &out))
	require.NotErrorIs(t, ctx.Err(), context.DeadlineExceeded, out.String())
	mu.Lock()
	defer mu.Unlock()
	var types []string
	for _, ev := range got {
		types = append(types, string(ev.Type))
		assert.True(t, strings.HasPrefix(ev.ID, "audit_"), ev.ID)
	}
	assert.ElementsMatch(t, []string{"node.created", "node.created", "metadata.changed"}, types)
	assert.Contains(t, out.String(), "embedded Extended ECM simulator")
}

func TestRelayDemoWithItsOwnReceiver(t *testing.T) {
	var out bytes.Buffer
	cfg := config{demoEvents: 3}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	require.NoError(t, run(ctx, cfg, &out))
	require.NotErrorIs(t, ctx.Err(), context.DeadlineExceeded, out.String())
	assert.Equal(t, 3, strings.Count(out.String(), "demo receiver got a verified event"), out.String())
}

// A path that is not in the Enterprise Workspace is named; nothing is
// watched.
func TestRelayNamesAPathItDidNotFind(t *testing.T) {
	sim := simcheck.Start(t)
	sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Customers")
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	cfg := config{Env: exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}, Secrets: []string{secret},
		To: "http://127.0.0.1:1/hooks", Checkpoint: filepath.Join(t.TempDir(), "cp.json"), Paths: []string{"/", "Customers", "Suppliers/Acme Industrial"}}
	var out bytes.Buffer
	err = run(t.Context(), cfg, &out)
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.ErrorContains(t, err, `"Suppliers"`)
	assert.Contains(t, out.String(), `Watching "/": node 2000`)
	assert.Contains(t, out.String(), `Watching "Customers": node `)
	assert.NoFileExists(t, cfg.Checkpoint)
}

func TestRelayNeedsASecretAndNodes(t *testing.T) {
	err := run(t.Context(), config{Env: exampleenv.Config{URL: "https://ecm.example.com/otcs/cs.exe", Username: "u"}}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "XECM_WEBHOOK_SECRET")
	_, err = parseIDs("12,x")
	assert.Error(t, err)
	ids, err := parseIDs("12, 34")
	require.NoError(t, err)
	assert.Equal(t, []int64{12, 34}, ids)
}
