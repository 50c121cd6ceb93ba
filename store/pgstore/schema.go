package pgstore

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/xecm-go/xecm"
)

// DB is what the stores need of a database handle: *pgxpool.Pool (safe
// for concurrent use, unlike a single *pgx.Conn).
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Schema creates the stores' tables if they do not exist. The stores run
// it on first use; apply it as a migration where the application's role
// may not create tables. Expired rows of xecm_dedup are purged by the
// Deduper (Purge).
const Schema = `
CREATE TABLE IF NOT EXISTS xecm_dedup (
  name    text        NOT NULL,
  id      text        NOT NULL,
  token   text        NOT NULL,
  done    boolean     NOT NULL,
  expires timestamptz NOT NULL,
  PRIMARY KEY (name, id)
);
CREATE INDEX IF NOT EXISTS xecm_dedup_expires ON xecm_dedup (expires);
CREATE TABLE IF NOT EXISTS xecm_checkpoints (
  name       text   NOT NULL,
  node_id    bigint NOT NULL,
  checkpoint text   NOT NULL,
  PRIMARY KEY (name, node_id)
);
CREATE TABLE IF NOT EXISTS xecm_fences (
  name  text   PRIMARY KEY,
  token bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS xecm_leases (
  name    text        PRIMARY KEY,
  token   bigint      NOT NULL,
  expires timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS xecm_outbox (
  name  text      NOT NULL,
  seq   bigserial NOT NULL,
  id    text      NOT NULL,
  event jsonb     NOT NULL,
  PRIMARY KEY (name, id)
);
CREATE INDEX IF NOT EXISTS xecm_outbox_order ON xecm_outbox (name, seq);`

// schemaLock is the advisory lock key under which replicas starting at
// once create the tables one after the other (CREATE TABLE IF NOT EXISTS
// alone races on the catalog).
const schemaLock = 0x7865636d // "xecm"

// schema runs Schema once per store, until it succeeded.
type schema struct {
	db   DB
	mu   sync.Mutex
	done bool
}

func (s *schema) ensure(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return nil
	}
	// One simple-protocol query string runs as one transaction, so the
	// transaction-scoped lock covers every statement.
	sql := fmt.Sprintf("SELECT pg_advisory_xact_lock(%d);", schemaLock) + Schema
	if _, err := s.db.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol); err != nil {
		return fmt.Errorf("pgstore: creating the tables: %w", err)
	}
	s.done = true
	return nil
}

func check(op string, db DB, name string) error {
	if db == nil || isNilPointer(db) {
		return fmt.Errorf("pgstore: %s: nil database: %w", op, xecm.ErrInvalidArgument)
	}
	if name == "" {
		return fmt.Errorf("pgstore: %s: empty name: %w", op, xecm.ErrInvalidArgument)
	}
	return nil
}

// millis is d in whole milliseconds, at least 1.
func millis(d time.Duration) int64 { return max(d.Milliseconds(), 1) }

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
