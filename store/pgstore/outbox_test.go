package pgstore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/storetest"
	"github.com/xecm-go/xecm/store/pgstore"
)

func TestOutboxSendsWhatARelayLeftPending(t *testing.T) {
	_, pool := startPostgres(t)
	ob, err := pgstore.NewOutbox(pool, "relay")
	require.NoError(t, err)
	cps, err := pgstore.NewCheckpointStore(pool, "relay")
	require.NoError(t, err)
	d, err := pgstore.NewDeduper(pool, "receiver")
	require.NoError(t, err)
	storetest.RelayRestart(t, ob, cps, d)
}
