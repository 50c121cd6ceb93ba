package redisstore_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/storetest"
	"github.com/xecm-go/xecm/internal/testservers"
	"github.com/xecm-go/xecm/store/redisstore"
)

// startRedis starts a redis-server for the test and returns a client of it.
func startRedis(t *testing.T) (*testservers.Redis, *redis.Client) {
	t.Helper()
	srv := testservers.StartRedis(t)
	opts, err := redis.ParseURL(srv.URL)
	require.NoError(t, err)
	// Fail fast while a test has stopped the server.
	opts.MaxRetries, opts.DialerRetries, opts.DialerRetryTimeout = -1, 1, time.Millisecond
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	return srv, rdb
}

func TestDeduperSharedByThreeHandlers(t *testing.T) {
	_, rdb := startRedis(t)
	d, err := redisstore.NewDeduper(rdb, "receiver")
	require.NoError(t, err)
	storetest.SharedDeduper(t, d)
}

func TestDeduperFailsClosedWhileRedisIsDown(t *testing.T) {
	srv, rdb := startRedis(t)
	d, err := redisstore.NewDeduper(rdb, "receiver")
	require.NoError(t, err)
	storetest.HandlerWithStoreDown(t, srv, d)
}

func TestDeduperClaimsAreTokenChecked(t *testing.T) {
	_, rdb := startRedis(t)
	d, err := redisstore.NewDeduper(rdb, "receiver")
	require.NoError(t, err)
	storetest.ClaimTokens(t, d, func(id string) {
		require.NoError(t, rdb.Del(t.Context(), "receiver:dedup:"+id).Err()) // as its PX expiry does
	})
}
