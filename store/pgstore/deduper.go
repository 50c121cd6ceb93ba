package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/xecm-go/xecm/webhook"
)

// Deduper is a webhook.ClaimDeduper in the table xecm_dedup: a row per
// delivery ID, held by the token of the delivery processing it until it is
// done, with its expiry. A claim is one insert on conflict, so replicas of
// a receiver sharing the database handle each event once. Expired rows are
// purged every PurgeInterval, by the claim that finds the interval passed.
type Deduper struct {
	db     DB
	name   string
	schema *schema

	mu        sync.Mutex
	lastPurge time.Time
}

// PurgeInterval is how often a Deduper deletes the expired rows of its
// name.
const PurgeInterval = time.Minute

var _ webhook.ClaimDeduper = (*Deduper)(nil)

// NewDeduper returns the Deduper of name (one per receiving endpoint). It
// refuses a nil database or an empty name (xecm.ErrInvalidArgument).
func NewDeduper(db DB, name string) (*Deduper, error) {
	if err := check("NewDeduper", db, name); err != nil {
		return nil, err
	}
	return &Deduper{db: db, name: name, schema: &schema{db: db}}, nil
}

// claimSQL takes the row if it is free (absent or expired) and otherwise
// says whether it is done (3) or in progress (2). A row inserted by a
// concurrent claim after this statement's snapshot is not seen by the
// second SELECT: it answers in progress, which is safe (the sender retries).
const claimSQL = `
WITH taken AS (
  INSERT INTO xecm_dedup (name, id, token, done, expires)
  VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')
  ON CONFLICT (name, id) DO UPDATE
    SET token = excluded.token, done = excluded.done, expires = excluded.expires
    WHERE xecm_dedup.expires <= now()
  RETURNING 1
)
SELECT CASE
  WHEN EXISTS (SELECT 1 FROM taken) THEN 1
  WHEN (SELECT done FROM xecm_dedup WHERE name = $1 AND id = $2 AND expires > now()) THEN 3
  ELSE 2 END`

// Claim implements webhook.ClaimDeduper.
func (d *Deduper) Claim(ctx context.Context, id, token string, hold time.Duration) (webhook.ClaimStatus, error) {
	if err := d.schema.ensure(ctx); err != nil {
		return 0, err
	}
	var n int
	if err := d.db.QueryRow(ctx, claimSQL, d.name, id, token, false, millis(hold)).Scan(&n); err != nil {
		return 0, fmt.Errorf("pgstore: claiming delivery %s: %w", id, err)
	}
	d.purgeIfDue(ctx)
	return webhook.ClaimStatus(n), nil
}

// Complete implements webhook.ClaimDeduper.
func (d *Deduper) Complete(ctx context.Context, id, token string, ttl time.Duration) (bool, error) {
	tag, err := d.db.Exec(ctx, `UPDATE xecm_dedup SET done = true, expires = now() + $4 * interval '1 millisecond'
		WHERE name = $1 AND id = $2 AND token = $3 AND NOT done`, d.name, id, token, millis(ttl))
	if err != nil {
		return false, fmt.Errorf("pgstore: completing delivery %s: %w", id, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Abandon implements webhook.ClaimDeduper: it deletes the claim only if
// token holds it, never another delivery's claim nor a handled mark.
func (d *Deduper) Abandon(ctx context.Context, id, token string) error {
	if _, err := d.db.Exec(ctx, `DELETE FROM xecm_dedup WHERE name = $1 AND id = $2 AND token = $3 AND NOT done`,
		d.name, id, token); err != nil {
		return fmt.Errorf("pgstore: abandoning delivery %s: %w", id, err)
	}
	return nil
}

// Reserve implements webhook.Deduper, for callers other than a Handler,
// which uses claims.
func (d *Deduper) Reserve(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	if err := d.schema.ensure(ctx); err != nil {
		return false, err
	}
	var n int
	if err := d.db.QueryRow(ctx, claimSQL, d.name, id, newToken(), true, millis(ttl)).Scan(&n); err != nil {
		return false, fmt.Errorf("pgstore: reserving delivery %s: %w", id, err)
	}
	return n == 1, nil
}

// Release implements webhook.Deduper: it frees id whoever reserved it.
func (d *Deduper) Release(ctx context.Context, id string) error {
	if _, err := d.db.Exec(ctx, `DELETE FROM xecm_dedup WHERE name = $1 AND id = $2`, d.name, id); err != nil {
		return fmt.Errorf("pgstore: releasing delivery %s: %w", id, err)
	}
	return nil
}

// Purge deletes the expired rows of the Deduper's name and returns how
// many. Claims call it every PurgeInterval.
func (d *Deduper) Purge(ctx context.Context) (int64, error) {
	if err := d.schema.ensure(ctx); err != nil {
		return 0, err
	}
	tag, err := d.db.Exec(ctx, `DELETE FROM xecm_dedup WHERE name = $1 AND expires <= now()`, d.name)
	if err != nil {
		return 0, fmt.Errorf("pgstore: purging expired deliveries: %w", err)
	}
	return tag.RowsAffected(), nil
}

// purgeIfDue purges when PurgeInterval passed since the last purge. A
// failure is left for the next one: the claim itself succeeded.
func (d *Deduper) purgeIfDue(ctx context.Context) {
	d.mu.Lock()
	due := time.Since(d.lastPurge) >= PurgeInterval
	if due {
		d.lastPurge = time.Now()
	}
	d.mu.Unlock()
	if due {
		_, _ = d.Purge(ctx)
	}
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// noRows reports whether err says a query returned no row.
func noRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }
