package xecm

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A holder stops emitting a tenth of the TTL before its deadline, so that
// the checkpoint of its last event is saved while the lease is still its
// own; the save itself may run until the deadline.
func TestHoldingStopsEmittingWhileItCanStillSave(t *testing.T) {
	const ttl = 10 * time.Second
	at := func(ago time.Duration) (*holding, context.Context) {
		h := &holding{}
		h.extend(time.Now().Add(-ago), ttl)
		return h, context.WithValue(t.Context(), holdingKey{}, h)
	}
	_, ctx := at(7 * time.Second)
	assert.False(t, fenced(ctx), "7 s into a 10 s lease: emitting")

	h, ctx := at(8500 * time.Millisecond)
	assert.True(t, fenced(ctx), "8.5 s into a 10 s lease: past the last emission, before the deadline")
	save := saveContext(ctx)
	deadline, ok := save.Deadline()
	assert.True(t, ok)
	assert.Equal(t, h.deadline(), deadline, "the save still has until the deadline")
	assert.NoError(t, save.Err())
}
