package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// Deduper is a webhook.ClaimDeduper in Redis: one key per delivery ID,
// holding "p:<token>" while a delivery is processed and "d:<token>" once
// it was handled, each with its expiry (SET NX PX). Replicas of a receiver
// sharing one Redis handle each event once.
type Deduper struct {
	rdb    redis.UniversalClient
	prefix string
}

var _ webhook.ClaimDeduper = (*Deduper)(nil)

// NewDeduper returns a Deduper keeping its keys under "<name>:dedup:". It
// refuses a nil client or an empty name (xecm.ErrInvalidArgument).
func NewDeduper(rdb redis.UniversalClient, name string) (*Deduper, error) {
	if err := check("NewDeduper", rdb, name); err != nil {
		return nil, err
	}
	return &Deduper{rdb: rdb, prefix: name + ":dedup:"}, nil
}

func check(op string, rdb redis.UniversalClient, name string) error {
	if rdb == nil {
		return fmt.Errorf("redisstore: %s: nil client: %w", op, xecm.ErrInvalidArgument)
	}
	if name == "" {
		return fmt.Errorf("redisstore: %s: empty name: %w", op, xecm.ErrInvalidArgument)
	}
	return nil
}

var claimScript = redis.NewScript(`
if redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, 2) == 'd:' then return 3 end
return 2`)

// Claim implements webhook.ClaimDeduper.
func (d *Deduper) Claim(ctx context.Context, id, token string, hold time.Duration) (webhook.ClaimStatus, error) {
	n, err := claimScript.Run(ctx, d.rdb, []string{d.prefix + id}, token, ms(hold)).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: claiming delivery %s: %w", id, err)
	}
	return webhook.ClaimStatus(n), nil
}

var completeScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == 'p:' .. ARGV[1] then
  redis.call('SET', KEYS[1], 'd:' .. ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`)

// Complete implements webhook.ClaimDeduper.
func (d *Deduper) Complete(ctx context.Context, id, token string, ttl time.Duration) (bool, error) {
	n, err := completeScript.Run(ctx, d.rdb, []string{d.prefix + id}, token, ms(ttl)).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: completing delivery %s: %w", id, err)
	}
	return n == 1, nil
}

var abandonScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == 'p:' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

// Abandon implements webhook.ClaimDeduper: it deletes the claim only if
// token holds it, never another delivery's claim nor a handled mark.
func (d *Deduper) Abandon(ctx context.Context, id, token string) error {
	if err := abandonScript.Run(ctx, d.rdb, []string{d.prefix + id}, token).Err(); err != nil {
		return fmt.Errorf("redisstore: abandoning delivery %s: %w", id, err)
	}
	return nil
}

// Reserve implements webhook.Deduper (SET NX PX), for callers other than
// a Handler, which uses claims.
func (d *Deduper) Reserve(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	ok, err := d.rdb.SetNX(ctx, d.prefix+id, "d:"+newToken(), ttl).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: reserving delivery %s: %w", id, err)
	}
	return ok, nil
}

// Release implements webhook.Deduper: it frees id whoever reserved it.
func (d *Deduper) Release(ctx context.Context, id string) error {
	if err := d.rdb.Del(ctx, d.prefix+id).Err(); err != nil {
		return fmt.Errorf("redisstore: releasing delivery %s: %w", id, err)
	}
	return nil
}

// ms is d in whole milliseconds, at least 1 (PX refuses 0).
func ms(d time.Duration) int64 { return max(d.Milliseconds(), 1) }

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
