// Package pgstore keeps the state that several replicas of an xecm
// receiver or relay share in PostgreSQL: webhook deduplication (a
// webhook.ClaimDeduper), Watch checkpoints (an xecm.CheckpointStore), the
// lease that makes one replica the poller (an xecm.Lease with fencing
// tokens) and a relay's outbox (a webhook.Outbox).
//
// Every type takes a pgx connection pool (*pgxpool.Pool, or anything
// implementing DB) and a name that tells apart the receivers or relays
// sharing one database. The tables (Schema) are created on first use, by
// the first replica to need them, under an advisory lock; a deployment
// whose application role may not create tables applies Schema once
// beforehand, as a migration.
//
// Every operation is one statement. Errors of the database (unreachable,
// timed out) are returned as they are: a webhook.Handler answers them with
// 503 and Retry-After, Watch stops emitting and reports them.
package pgstore
