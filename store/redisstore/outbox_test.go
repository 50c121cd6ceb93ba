package redisstore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/storetest"
	"github.com/xecm-go/xecm/store/redisstore"
)

func TestOutboxSendsWhatARelayLeftPending(t *testing.T) {
	_, rdb := startRedis(t)
	ob, err := redisstore.NewOutbox(rdb, "relay")
	require.NoError(t, err)
	cps, err := redisstore.NewCheckpointStore(rdb, "relay")
	require.NoError(t, err)
	d, err := redisstore.NewDeduper(rdb, "receiver")
	require.NoError(t, err)
	storetest.RelayRestart(t, ob, cps, d)
}
