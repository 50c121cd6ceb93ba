package xecm_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// The audit trail records Version Added without a number; Watch names the
// version from the versions' creation times, also when several are added in
// one second (after the document's own version 1) and when one was deleted.
func TestWatchNamesTheVersionOfVersionAdded(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(d time.Time) { mu.Lock(); now = d; mu.Unlock() }
	_, c := startSimWith(t, []xecmtest.Option{xecmtest.WithClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })})
	ctx := t.Context()
	base := now

	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID,
		Name: "PO-7.pdf", Content: strings.NewReader("v1")})
	require.NoError(t, err)
	doc := up.Node.ID
	add := func(body string) {
		t.Helper()
		_, err := c.Documents.Versions().Add(ctx, doc, xecm.VersionAddRequest{FileName: "PO-7.pdf", Content: strings.NewReader(body)})
		require.NoError(t, err)
	}
	add("v2") // the same second as the document's creation
	add("v3")
	at(base.Add(3 * time.Second))
	add("v4")
	add("v5")
	at(base.Add(9 * time.Second))
	add("v6")
	require.NoError(t, c.Documents.Versions().Delete(ctx, doc, 4))

	evs := watch(t, c, xecm.WatchOptions{NodeIDs: []int64{doc}},
		has(5, func(ev xecm.Event) bool { return ev.Type == xecm.EventVersionAdded }))
	var got []int
	for _, ev := range evs {
		if ev.Type == xecm.EventVersionAdded {
			got = append(got, ev.Data.Version)
		}
	}
	assert.Equal(t, []int{2, 3, 0, 0, 6}, got, "v4 was deleted in the second of v5: neither can be told apart, so neither is named wrongly")
}

// A version the document does not have is not found, whichever call asks
// (the vendor spec gives each route its own message).
func TestMissingVersionIsNotFound(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID,
		Name: "once.txt", Content: strings.NewReader("v1")})
	require.NoError(t, err)
	versions := c.Documents.Versions()
	_, err = versions.Get(ctx, up.Node.ID, 7)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.ErrorIs(t, versions.Delete(ctx, up.Node.ID, 7), xecm.ErrNotFound)
	_, err = c.Documents.Download(ctx, up.Node.ID, &xecm.DownloadOptions{Version: 7})
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}
