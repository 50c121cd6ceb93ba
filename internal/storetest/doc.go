// Package storetest holds the scenarios every shared store (store/redisstore,
// store/pgstore) must pass, run by each store's tests against a real
// server: replicas of a webhook receiver sharing a deduper, replicas of
// Watch sharing a lease and checkpoints, a relay restarted with a pending
// outbox, and a store that goes away and comes back.
package storetest
