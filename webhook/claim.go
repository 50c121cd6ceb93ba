package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"
)

// ClaimDeduper is a Deduper shared by several replicas of a receiver (Redis,
// PostgreSQL: see store/redisstore and store/pgstore). A Handler given one
// uses its claims instead of Reserve and Release, which closes two gaps a
// plain Deduper leaves between replicas:
//
//   - a duplicate reaching another replica while the first delivery is
//     still being processed finds the ID claimed, not done, and is answered
//     503 (try again) rather than acknowledged: if the first delivery
//     fails, nobody would have the event;
//   - every claim carries the token of the delivery that made it, so
//     freeing it after a failure (or after a store error that may have
//     made it) never frees the claim of another replica.
//
// A claim that is neither completed nor abandoned (the replica died, the
// store was unreachable when it was to be freed) expires after its hold,
// and the sender's next retry is processed.
type ClaimDeduper interface {
	Deduper
	// Claim takes id for the delivery token for hold, if it is free. It
	// reports ClaimAcquired when it took it, ClaimInProgress when another
	// delivery holds it, ClaimDone when it was completed. Of concurrent
	// calls with one id, at most one acquires it.
	Claim(ctx context.Context, id, token string, hold time.Duration) (ClaimStatus, error)
	// Complete marks id as handled for ttl, if token still holds it. It
	// reports false when the claim was lost meanwhile (expired, and maybe
	// taken by another delivery).
	Complete(ctx context.Context, id, token string, ttl time.Duration) (bool, error)
	// Abandon frees id if token holds it, and does nothing otherwise.
	Abandon(ctx context.Context, id, token string) error
}

// ClaimStatus is the outcome of ClaimDeduper.Claim.
type ClaimStatus int

// The outcomes of a claim.
const (
	// ClaimAcquired: the ID was free and is now held by the caller.
	ClaimAcquired ClaimStatus = iota + 1
	// ClaimInProgress: another delivery of the ID holds it.
	ClaimInProgress
	// ClaimDone: a delivery of the ID was handled.
	ClaimDone
)

// String implements fmt.Stringer.
func (s ClaimStatus) String() string {
	switch s {
	case ClaimAcquired:
		return "acquired"
	case ClaimInProgress:
		return "in progress"
	case ClaimDone:
		return "done"
	}
	return "unknown"
}

// DefaultClaimHold is how long a Handler's claim on a ClaimDeduper lasts
// while the event function runs. A replica that dies meanwhile blocks the
// event's redeliveries (answered 503) for at most this long.
const DefaultClaimHold = 2 * time.Minute

// WithClaimHold sets how long a claim on a ClaimDeduper lasts while the
// event function runs. It must exceed the longest run of the event
// function: past it, a redelivery may be processed beside the first. If
// not set, DefaultClaimHold.
func WithClaimHold(d time.Duration) HandlerOption {
	return func(h *Handler) {
		if d > 0 {
			h.hold = d
		}
	}
}

// newClaimToken returns a token unique to one delivery attempt.
func newClaimToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand since Go 1.24)
	return hex.EncodeToString(b[:])
}
