package pgstore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/storetest"
	"github.com/xecm-go/xecm/store/pgstore"
)

func TestLeaseMakesOneOfThreeWatchReplicasEmit(t *testing.T) {
	_, pool := startPostgres(t)
	cps, err := pgstore.NewCheckpointStore(pool, "relay")
	require.NoError(t, err)
	storetest.WatchReplicas(t, func() xecm.Lease {
		l, err := pgstore.NewLease(pool, "relay")
		require.NoError(t, err)
		return l
	}, cps)
}

func TestWatchStopsEmittingWhilePostgresIsDown(t *testing.T) {
	srv, pool := startPostgres(t)
	cps, err := pgstore.NewCheckpointStore(pool, "relay")
	require.NoError(t, err)
	l, err := pgstore.NewLease(pool, "relay")
	require.NoError(t, err)
	storetest.WatchWithStoreDown(t, srv, l, cps)
}

func TestWatchCutOffFromPostgresStopsBeforeAnotherStarts(t *testing.T) {
	_, pool := startPostgres(t)
	cps, err := pgstore.NewCheckpointStore(pool, "relay")
	require.NoError(t, err)
	storetest.PartitionedLeader(t, func() xecm.Lease {
		l, err := pgstore.NewLease(pool, "relay")
		require.NoError(t, err)
		return l
	}, cps)
}

func TestCheckpointsRefuseASupersededHolder(t *testing.T) {
	_, pool := startPostgres(t)
	cps, err := pgstore.NewCheckpointStore(pool, "relay")
	require.NoError(t, err)
	storetest.FencedCheckpoints(t, cps)
}
