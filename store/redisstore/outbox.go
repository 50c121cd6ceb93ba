package redisstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"
	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// Outbox is a webhook.Outbox in Redis: the events in the hash
// "{<name>}:outbox" by ID, their order in the sorted set
// "{<name>}:outbox:order", scored by a counter.
type Outbox struct {
	rdb                  redis.UniversalClient
	events, order, count string
}

var _ webhook.Outbox = (*Outbox)(nil)

// NewOutbox returns the outbox called name (one per subscriber). It
// refuses a nil client or an empty name (xecm.ErrInvalidArgument).
func NewOutbox(rdb redis.UniversalClient, name string) (*Outbox, error) {
	if err := check("NewOutbox", rdb, name); err != nil {
		return nil, err
	}
	tag := "{" + name + "}"
	return &Outbox{rdb: rdb, events: tag + ":outbox", order: tag + ":outbox:order", count: tag + ":outbox:seq"}, nil
}

var putScript = redis.NewScript(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
end
return 1`)

// Put implements webhook.Outbox.
func (o *Outbox) Put(ctx context.Context, ev xecm.Event) error {
	if ev.ID == "" {
		return fmt.Errorf("redisstore: Outbox.Put: event without ID: %w", xecm.ErrInvalidArgument)
	}
	b, err := json.Marshal(outboxRecord{ID: ev.ID, Event: ev})
	if err != nil {
		return fmt.Errorf("redisstore: Outbox.Put: encoding event %s: %w", ev.ID, err)
	}
	if err := putScript.Run(ctx, o.rdb, []string{o.events, o.order, o.count}, ev.ID, b).Err(); err != nil {
		return fmt.Errorf("redisstore: storing event %s in the outbox: %w", ev.ID, err)
	}
	return nil
}

// Pending implements webhook.Outbox.
func (o *Outbox) Pending(ctx context.Context, limit int) ([]xecm.Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	ids, err := o.rdb.ZRange(ctx, o.order, 0, int64(limit-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: reading the outbox: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	vals, err := o.rdb.HMGet(ctx, o.events, ids...).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: reading the outbox: %w", err)
	}
	out := make([]xecm.Event, 0, len(ids))
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue // deleted between the two reads
		}
		var rec outboxRecord
		if err := json.Unmarshal([]byte(s), &rec); err != nil || rec.ID != ids[i] {
			return nil, fmt.Errorf("redisstore: event %s in the outbox is damaged (%v)", ids[i], err)
		}
		rec.Event.ID = rec.ID
		out = append(out, rec.Event)
	}
	return out, nil
}

// outboxRecord is an event as stored: its JSON form leaves the ID out
// (it travels as the webhook-id header).
type outboxRecord struct {
	ID    string     `json:"id"`
	Event xecm.Event `json:"event"`
}

var deleteScript = redis.NewScript(`
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])`)

// Delete implements webhook.Outbox.
func (o *Outbox) Delete(ctx context.Context, id string) error {
	if err := deleteScript.Run(ctx, o.rdb, []string{o.events, o.order}, id).Err(); err != nil {
		return fmt.Errorf("redisstore: removing event %s from the outbox: %w", id, err)
	}
	return nil
}
