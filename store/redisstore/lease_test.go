package redisstore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/storetest"
	"github.com/xecm-go/xecm/store/redisstore"
)

func TestLeaseMakesOneOfThreeWatchReplicasEmit(t *testing.T) {
	_, rdb := startRedis(t)
	cps, err := redisstore.NewCheckpointStore(rdb, "relay")
	require.NoError(t, err)
	storetest.WatchReplicas(t, func() xecm.Lease {
		l, err := redisstore.NewLease(rdb, "relay")
		require.NoError(t, err)
		return l
	}, cps)
}

func TestWatchStopsEmittingWhileRedisIsDown(t *testing.T) {
	srv, rdb := startRedis(t)
	cps, err := redisstore.NewCheckpointStore(rdb, "relay")
	require.NoError(t, err)
	l, err := redisstore.NewLease(rdb, "relay")
	require.NoError(t, err)
	storetest.WatchWithStoreDown(t, srv, l, cps)
}

func TestWatchCutOffFromRedisStopsBeforeAnotherStarts(t *testing.T) {
	_, rdb := startRedis(t)
	cps, err := redisstore.NewCheckpointStore(rdb, "relay")
	require.NoError(t, err)
	storetest.PartitionedLeader(t, func() xecm.Lease {
		l, err := redisstore.NewLease(rdb, "relay")
		require.NoError(t, err)
		return l
	}, cps)
}

func TestCheckpointsRefuseASupersededHolder(t *testing.T) {
	_, rdb := startRedis(t)
	cps, err := redisstore.NewCheckpointStore(rdb, "relay")
	require.NoError(t, err)
	storetest.FencedCheckpoints(t, cps)
}
