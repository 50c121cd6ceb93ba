// Package examplestore opens the store that replicas of an example share:
// Redis (-redis URL) or PostgreSQL (-postgres DSN), for
// examples/webhook-receiver and examples/event-relay.
package examplestore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/store/pgstore"
	"github.com/xecm-go/xecm/store/redisstore"
	"github.com/xecm-go/xecm/webhook"
)

// Store is an open shared store.
type Store struct {
	// Kind is "redis" or "postgres".
	Kind  string
	rdb   *redis.Client
	pool  *pgxpool.Pool
	close func()
}

// Open connects to Redis when redisURL is set, to PostgreSQL when
// postgresDSN is, and returns nil (no shared store) when neither is. It
// checks that the server answers.
func Open(ctx context.Context, redisURL, postgresDSN string) (*Store, error) {
	switch {
	case redisURL != "" && postgresDSN != "":
		return nil, errors.New("-redis and -postgres: give one of them")
	case redisURL != "":
		opts, err := redis.ParseURL(redisURL)
		if err != nil {
			return nil, fmt.Errorf("-redis: %w", err)
		}
		rdb := redis.NewClient(opts)
		if err := rdb.Ping(ctx).Err(); err != nil {
			_ = rdb.Close()
			return nil, fmt.Errorf("-redis: %w", err)
		}
		return &Store{Kind: "redis", rdb: rdb, close: func() { _ = rdb.Close() }}, nil
	case postgresDSN != "":
		pool, err := pgxpool.New(ctx, postgresDSN)
		if err != nil {
			return nil, fmt.Errorf("-postgres: %w", err)
		}
		if err := pool.Ping(ctx); err != nil {
			pool.Close()
			return nil, fmt.Errorf("-postgres: %w", err)
		}
		return &Store{Kind: "postgres", pool: pool, close: pool.Close}, nil
	}
	return nil, nil
}

// Close closes the connections.
func (s *Store) Close() { s.close() }

// Deduper returns the store's deduper of name.
func (s *Store) Deduper(name string) (webhook.ClaimDeduper, error) {
	if s.rdb != nil {
		return redisstore.NewDeduper(s.rdb, name)
	}
	return pgstore.NewDeduper(s.pool, name)
}

// Checkpoints returns the store's Watch checkpoints of name.
func (s *Store) Checkpoints(name string) (xecm.CheckpointStore, error) {
	if s.rdb != nil {
		return redisstore.NewCheckpointStore(s.rdb, name)
	}
	return pgstore.NewCheckpointStore(s.pool, name)
}

// Lease returns the store's lease of name.
func (s *Store) Lease(name string) (xecm.Lease, error) {
	if s.rdb != nil {
		return redisstore.NewLease(s.rdb, name)
	}
	return pgstore.NewLease(s.pool, name)
}

// Outbox returns the store's outbox of name.
func (s *Store) Outbox(name string) (webhook.Outbox, error) {
	if s.rdb != nil {
		return redisstore.NewOutbox(s.rdb, name)
	}
	return pgstore.NewOutbox(s.pool, name)
}
