// Both sources of events name the version a version.added concerns, so
// that a receiver reports the version that was added rather than whatever
// is the latest when the event arrives.
package main

import (
	"context"
	"io"
	"net/http/httptest"
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

func TestVersionAddedEventsNameTheirVersion(t *testing.T) {
	sim := simcheck.Start(t)
	env, err := exampleenv.Connect(t.Context(), exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}, io.Discard)
	require.NoError(t, err)
	c := env.Client

	// Push: the simulator's signed callbacks.
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	v, err := webhook.NewVerifier([]string{secret})
	require.NoError(t, err)
	var mu sync.Mutex
	var pushed []xecm.Event
	h, err := webhook.NewHandler(v, func(_ context.Context, ev xecm.Event) error {
		mu.Lock()
		defer mu.Unlock()
		pushed = append(pushed, ev)
		return nil
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	_, err = sim.AddSubscription(srv.URL, secret, xecm.EventVersionAdded)
	require.NoError(t, err)

	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Orders")
	up, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: folder, Name: "PO.pdf", Content: strings.NewReader("v1")})
	require.NoError(t, err)
	for _, body := range []string{"v2", "v3"} {
		_, err := c.Documents.Versions().Add(t.Context(), up.Node.ID, xecm.VersionAddRequest{FileName: "PO.pdf", Content: strings.NewReader(body)})
		require.NoError(t, err)
	}
	require.NoError(t, sim.WaitForDeliveries(t.Context()))
	mu.Lock()
	var pushedVersions []int
	for _, ev := range pushed {
		pushedVersions = append(pushedVersions, ev.Data.Version)
	}
	mu.Unlock()
	assert.Equal(t, []int{2, 3}, pushedVersions, "callbacks: the version each version.added concerns")

	// Pull: Events.Watch over the audit trail.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var pulled []int
	_ = c.Events.Watch(ctx, xecm.WatchOptions{NodeIDs: []int64{up.Node.ID}, Interval: 50 * time.Millisecond}, func(_ context.Context, ev xecm.Event) error {
		if ev.Type == xecm.EventVersionAdded {
			pulled = append(pulled, ev.Data.Version)
			if len(pulled) == 2 {
				cancel()
			}
		}
		return nil
	})
	assert.Equal(t, []int{2, 3}, pulled, "Watch: the version each version.added concerns")
}

// A version.added whose version was deleted before the event was handled
// is reported as deleted, once, instead of failing (and being retried)
// for ever.
func TestVersionDeletedBeforeItsEventIsReportedAsDeleted(t *testing.T) {
	sim := simcheck.Start(t)
	env, err := exampleenv.Connect(t.Context(), exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}, io.Discard)
	require.NoError(t, err)
	c := env.Client
	erp := exampleenv.StartStandIn("ERP", nil)
	defer erp.Close()
	up, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "PO-9.pdf", Content: strings.NewReader("v1")})
	require.NoError(t, err)
	_, err = c.Documents.Versions().Add(t.Context(), up.Node.ID, xecm.VersionAddRequest{FileName: "PO-9.pdf", Content: strings.NewReader("v2")})
	require.NoError(t, err)
	require.NoError(t, c.Documents.Versions().Delete(t.Context(), up.Node.ID, 2))

	m := erpMux(c, erp.URL)
	ev := xecm.Event{ID: "audit_x", Type: xecm.EventVersionAdded, Time: time.Now(), Data: xecm.EventData{NodeID: up.Node.ID, Version: 2}}
	require.NoError(t, m.HandleEvent(t.Context(), ev))
	calls := erp.Calls()
	require.Len(t, calls, 1)
	assert.Equal(t, true, calls[0].Body["deleted"])
	assert.Equal(t, float64(2), calls[0].Body["version_number"])
}
