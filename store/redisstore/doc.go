// Package redisstore keeps the state that several replicas of an xecm
// receiver or relay share in Redis: webhook deduplication (a
// webhook.ClaimDeduper), Watch checkpoints (an xecm.CheckpointStore), the
// lease that makes one replica the poller (an xecm.Lease with fencing
// tokens) and a relay's outbox (a webhook.Outbox).
//
// Every type takes a go-redis client (*redis.Client, *redis.ClusterClient,
// anything implementing redis.UniversalClient) and a name that prefixes its
// keys, so several receivers or relays share one Redis. Keys of one lease
// or outbox carry the name in a hash tag, which keeps them in one cluster
// slot for the scripts that touch them together.
//
// Every operation is one atomic command or Lua script. Errors of Redis
// (unreachable, timed out) are returned as they are: a webhook.Handler
// answers them with 503 and Retry-After, Watch stops emitting and reports
// them.
package redisstore
