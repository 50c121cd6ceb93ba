package pgstore_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/storetest"
	"github.com/xecm-go/xecm/internal/testservers"
	"github.com/xecm-go/xecm/store/pgstore"
)

// startPostgres starts a PostgreSQL server for the test and returns a pool
// of connections to it.
func startPostgres(t *testing.T) (*testservers.Postgres, *pgxpool.Pool) {
	t.Helper()
	srv := testservers.StartPostgres(t)
	cfg, err := pgxpool.ParseConfig(srv.DSN)
	require.NoError(t, err)
	cfg.MaxConns = 16
	cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return srv, pool
}

func TestDeduperSharedByThreeHandlers(t *testing.T) {
	_, pool := startPostgres(t)
	d, err := pgstore.NewDeduper(pool, "receiver")
	require.NoError(t, err)
	storetest.SharedDeduper(t, d)
}

func TestDeduperFailsClosedWhilePostgresIsDown(t *testing.T) {
	srv, pool := startPostgres(t)
	d, err := pgstore.NewDeduper(pool, "receiver")
	require.NoError(t, err)
	storetest.HandlerWithStoreDown(t, srv, d)
}

func TestDeduperClaimsAreTokenChecked(t *testing.T) {
	_, pool := startPostgres(t)
	d, err := pgstore.NewDeduper(pool, "receiver")
	require.NoError(t, err)
	storetest.ClaimTokens(t, d, func(id string) {
		_, err := pool.Exec(t.Context(), `UPDATE xecm_dedup SET expires = now() - interval '1 second' WHERE id = $1`, id)
		require.NoError(t, err)
	})
	n, err := d.Purge(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "nothing expired")
	_, err = pool.Exec(t.Context(), `UPDATE xecm_dedup SET expires = now() - interval '1 second'`)
	require.NoError(t, err)
	n, err = d.Purge(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(2), n, "expired rows purged")
}
