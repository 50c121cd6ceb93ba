package pgstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// Outbox is a webhook.Outbox in the table xecm_outbox: a row per event
// (its ID, its JSON form), in the order of a sequence.
type Outbox struct {
	db     DB
	name   string
	schema *schema
}

var _ webhook.Outbox = (*Outbox)(nil)

// NewOutbox returns the outbox called name (one per subscriber). It
// refuses a nil database or an empty name (xecm.ErrInvalidArgument).
func NewOutbox(db DB, name string) (*Outbox, error) {
	if err := check("NewOutbox", db, name); err != nil {
		return nil, err
	}
	return &Outbox{db: db, name: name, schema: &schema{db: db}}, nil
}

// Put implements webhook.Outbox: the event is committed when it returns
// nil.
func (o *Outbox) Put(ctx context.Context, ev xecm.Event) error {
	if ev.ID == "" {
		return fmt.Errorf("pgstore: Outbox.Put: event without ID: %w", xecm.ErrInvalidArgument)
	}
	if err := o.schema.ensure(ctx); err != nil {
		return err
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("pgstore: Outbox.Put: encoding event %s: %w", ev.ID, err)
	}
	if _, err := o.db.Exec(ctx, `INSERT INTO xecm_outbox (name, id, event) VALUES ($1, $2, $3)
		ON CONFLICT (name, id) DO NOTHING`, o.name, ev.ID, string(b)); err != nil {
		return fmt.Errorf("pgstore: storing event %s in the outbox: %w", ev.ID, err)
	}
	return nil
}

// Pending implements webhook.Outbox.
func (o *Outbox) Pending(ctx context.Context, limit int) ([]xecm.Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	if err := o.schema.ensure(ctx); err != nil {
		return nil, err
	}
	rows, err := o.db.Query(ctx, `SELECT id, event::text FROM xecm_outbox WHERE name = $1 ORDER BY seq LIMIT $2`, o.name, limit)
	if err != nil {
		return nil, fmt.Errorf("pgstore: reading the outbox: %w", err)
	}
	defer rows.Close()
	var out []xecm.Event
	for rows.Next() {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, fmt.Errorf("pgstore: reading the outbox: %w", err)
		}
		ev, err := xecm.ParseEvent([]byte(body))
		if err != nil {
			return nil, fmt.Errorf("pgstore: event %s in the outbox is damaged: %w", id, err)
		}
		ev.ID = id
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: reading the outbox: %w", err)
	}
	return out, nil
}

// Delete implements webhook.Outbox.
func (o *Outbox) Delete(ctx context.Context, id string) error {
	if _, err := o.db.Exec(ctx, `DELETE FROM xecm_outbox WHERE name = $1 AND id = $2`, o.name, id); err != nil {
		return fmt.Errorf("pgstore: removing event %s from the outbox: %w", id, err)
	}
	return nil
}
