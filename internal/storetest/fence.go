package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// FencedCheckpoints checks that cps refuses a save made under a lease
// token older than one it has seen (xecm.ErrFenced), keeps the newer
// checkpoint, and takes saves without a token.
func FencedCheckpoints(t *testing.T, cps xecm.CheckpointStore) {
	ctx := t.Context()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	newer, older := xecm.Checkpoint{Time: at.Add(time.Minute), Count: 1}, xecm.Checkpoint{Time: at, Count: 3}

	require.NoError(t, cps.Save(xecm.WithLeaseToken(ctx, 7), 42, newer))
	err := cps.Save(xecm.WithLeaseToken(ctx, 6), 42, older)
	require.ErrorIs(t, err, xecm.ErrFenced, "a superseded holder moved the checkpoint back")
	got, ok, err := cps.Load(ctx, 42)
	require.NoError(t, err)
	require.True(t, ok)
	assert.True(t, got.Time.Equal(newer.Time), "kept %v", got)
	require.ErrorIs(t, cps.Save(xecm.WithLeaseToken(ctx, 6), 43, older), xecm.ErrFenced, "on any node")

	require.NoError(t, cps.Save(xecm.WithLeaseToken(ctx, 7), 42, older), "the current holder")
	require.NoError(t, cps.Save(xecm.WithLeaseToken(ctx, 8), 42, newer), "a later holder")
	require.NoError(t, cps.Save(ctx, 44, older), "a watcher without a lease")
	got, ok, err = cps.Load(ctx, 44)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, 3, got.Count)
}
