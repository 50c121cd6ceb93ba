package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/webhook"
)

// ClaimTokens checks the claims of d one call at a time: a claim held is
// in progress for every other token, abandoning it under another token
// frees nothing, completing it makes it done, and a claim whose hold ran
// out is free again.
func ClaimTokens(t *testing.T, d webhook.ClaimDeduper, expire func(id string)) {
	ctx := t.Context()
	claim := func(id, token string, want webhook.ClaimStatus, msg string) {
		t.Helper()
		st, err := d.Claim(ctx, id, token, time.Hour)
		require.NoError(t, err)
		assert.Equal(t, want, st, msg)
	}
	claim("evt_1", "tok-a", webhook.ClaimAcquired, "a free ID")
	claim("evt_1", "tok-b", webhook.ClaimInProgress, "held by tok-a")
	require.NoError(t, d.Abandon(ctx, "evt_1", "tok-b"))
	claim("evt_1", "tok-c", webhook.ClaimInProgress, "another token's abandon freed the claim")
	ok, err := d.Complete(ctx, "evt_1", "tok-b", time.Hour)
	require.NoError(t, err)
	assert.False(t, ok, "completed under another token")
	ok, err = d.Complete(ctx, "evt_1", "tok-a", time.Hour)
	require.NoError(t, err)
	assert.True(t, ok)
	claim("evt_1", "tok-d", webhook.ClaimDone, "completed")
	require.NoError(t, d.Abandon(ctx, "evt_1", "tok-a"))
	claim("evt_1", "tok-e", webhook.ClaimDone, "abandoning a completed claim undid it")

	claim("evt_2", "tok-f", webhook.ClaimAcquired, "a free ID")
	expire("evt_2")
	claim("evt_2", "tok-g", webhook.ClaimAcquired, "a claim whose hold ran out")
	ok, err = d.Complete(ctx, "evt_2", "tok-f", time.Hour)
	require.NoError(t, err)
	assert.False(t, ok, "the first claim ran out and was taken: not completed by it")
}
