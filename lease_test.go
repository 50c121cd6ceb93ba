package xecm_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/storetest"
)

func TestMemoryLeaseFencesHoldings(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l := xecm.NewMemoryLease()
	l.SetClock(func() time.Time { return now })

	tok1, ok, err := l.Acquire(ctx, time.Second)
	require.NoError(t, err)
	require.True(t, ok)
	_, ok, _ = l.Acquire(ctx, time.Second)
	assert.False(t, ok, "held by another")

	now = now.Add(999 * time.Millisecond)
	ok, _ = l.Renew(ctx, tok1, time.Second)
	assert.True(t, ok, "renewed before it ran out")
	now = now.Add(time.Second)
	ok, _ = l.Renew(ctx, tok1, time.Second)
	assert.False(t, ok, "ran out")

	tok2, ok, _ := l.Acquire(ctx, time.Second)
	require.True(t, ok, "free once run out")
	assert.Greater(t, tok2, tok1, "a later holding has a larger token")
	require.NoError(t, l.Release(ctx, tok1))
	_, ok, _ = l.Acquire(ctx, time.Second)
	assert.False(t, ok, "an old holder's release frees nothing")
	require.NoError(t, l.Release(ctx, tok2))
	tok3, ok, _ := l.Acquire(ctx, time.Second)
	assert.True(t, ok, "free once released")
	assert.Greater(t, tok3, tok2)
}

func TestWatchReplicasShareAMemoryLease(t *testing.T) {
	l := xecm.NewMemoryLease()
	storetest.WatchReplicas(t, func() xecm.Lease { return l }, xecm.NewMemoryCheckpointStore())
}

func TestWatchRefusesANilLease(t *testing.T) {
	c, err := xecm.NewClient("https://ecm.example.com/otcs/cs.exe", xecm.WithTicket("t"))
	require.NoError(t, err)
	var l *xecm.MemoryLease
	err = c.Events.Watch(t.Context(), xecm.WatchOptions{NodeIDs: []int64{1}, Lease: l}, func(context.Context, xecm.Event) error { return nil })
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestWatchStopsEmittingWhileItsLeaseCannotBeRenewed(t *testing.T) {
	o := &storetest.Outage{}
	storetest.WatchWithStoreDown(t, o, o.Lease(xecm.NewMemoryLease()), o.Checkpoints(xecm.NewMemoryCheckpointStore()))
}

func TestWatchCutOffFromItsLeaseStopsBeforeAnotherStarts(t *testing.T) {
	l := xecm.NewMemoryLease()
	storetest.PartitionedLeader(t, func() xecm.Lease { return l }, xecm.NewMemoryCheckpointStore())
}
