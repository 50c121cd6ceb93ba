package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/xecm-go/xecm"
)

// Lease is an xecm.Lease in Redis: the key "{<name>}:lease" holds the
// fencing token of the current holding and expires with its TTL (PX);
// "{<name>}:fence" counts the holdings, so every token is larger than the
// ones before it, across restarts of the holders (and of Redis, as far as
// its persistence goes).
type Lease struct {
	rdb        redis.UniversalClient
	key, fence string
}

var _ xecm.Lease = (*Lease)(nil)

// NewLease returns the lease called name. It refuses a nil client or an
// empty name (xecm.ErrInvalidArgument).
func NewLease(rdb redis.UniversalClient, name string) (*Lease, error) {
	if err := check("NewLease", rdb, name); err != nil {
		return nil, err
	}
	tag := "{" + name + "}"
	return &Lease{rdb: rdb, key: tag + ":lease", fence: tag + ":fence"}, nil
}

var acquireScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local t = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], t, 'PX', ARGV[1])
return t`)

// Acquire implements xecm.Lease.
func (l *Lease) Acquire(ctx context.Context, ttl time.Duration) (int64, bool, error) {
	t, err := acquireScript.Run(ctx, l.rdb, []string{l.key, l.fence}, ms(ttl)).Int64()
	if err != nil {
		return 0, false, fmt.Errorf("redisstore: acquiring lease %s: %w", l.key, err)
	}
	return t, t > 0, nil
}

var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`)

// Renew implements xecm.Lease.
func (l *Lease) Renew(ctx context.Context, token int64, ttl time.Duration) (bool, error) {
	n, err := renewScript.Run(ctx, l.rdb, []string{l.key}, token, ms(ttl)).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: renewing lease %s: %w", l.key, err)
	}
	return n == 1, nil
}

var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

// Release implements xecm.Lease.
func (l *Lease) Release(ctx context.Context, token int64) error {
	if err := releaseScript.Run(ctx, l.rdb, []string{l.key}, token).Err(); err != nil {
		return fmt.Errorf("redisstore: releasing lease %s: %w", l.key, err)
	}
	return nil
}
