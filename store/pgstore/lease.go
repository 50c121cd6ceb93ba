package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/xecm-go/xecm"
)

// Lease is an xecm.Lease in the table xecm_leases: a row per name holding
// the token of the current holding and its expiry. The row stays when the
// lease is released or expires, and every new holding increments its
// token, so tokens only grow.
type Lease struct {
	db     DB
	name   string
	schema *schema
}

var _ xecm.Lease = (*Lease)(nil)

// NewLease returns the lease called name. It refuses a nil database or an
// empty name (xecm.ErrInvalidArgument).
func NewLease(db DB, name string) (*Lease, error) {
	if err := check("NewLease", db, name); err != nil {
		return nil, err
	}
	return &Lease{db: db, name: name, schema: &schema{db: db}}, nil
}

// Acquire implements xecm.Lease.
func (l *Lease) Acquire(ctx context.Context, ttl time.Duration) (int64, bool, error) {
	if err := l.schema.ensure(ctx); err != nil {
		return 0, false, err
	}
	var token int64
	err := l.db.QueryRow(ctx, `INSERT INTO xecm_leases (name, token, expires)
		VALUES ($1, 1, now() + $2 * interval '1 millisecond')
		ON CONFLICT (name) DO UPDATE SET token = xecm_leases.token + 1, expires = excluded.expires
		WHERE xecm_leases.expires <= now()
		RETURNING token`, l.name, millis(ttl)).Scan(&token)
	if noRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("pgstore: acquiring lease %s: %w", l.name, err)
	}
	return token, true, nil
}

// Renew implements xecm.Lease.
func (l *Lease) Renew(ctx context.Context, token int64, ttl time.Duration) (bool, error) {
	tag, err := l.db.Exec(ctx, `UPDATE xecm_leases SET expires = now() + $3 * interval '1 millisecond'
		WHERE name = $1 AND token = $2 AND expires > now()`, l.name, token, millis(ttl))
	if err != nil {
		return false, fmt.Errorf("pgstore: renewing lease %s: %w", l.name, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Release implements xecm.Lease.
func (l *Lease) Release(ctx context.Context, token int64) error {
	if _, err := l.db.Exec(ctx, `UPDATE xecm_leases SET expires = '-infinity'
		WHERE name = $1 AND token = $2 AND expires > now()`, l.name, token); err != nil {
		return fmt.Errorf("pgstore: releasing lease %s: %w", l.name, err)
	}
	return nil
}
