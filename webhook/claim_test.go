package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// claims is a ClaimDeduper in a map, recording what the Handler asked.
type claims struct {
	webhook.MemoryDeduper
	mu       sync.Mutex
	held     map[string]string // id -> "p:<token>" or "d:<token>"
	calls    []string
	claimErr error
}

func newClaims() *claims { return &claims{held: map[string]string{}} }

func (c *claims) Claim(_ context.Context, id, token string, _ time.Duration) (webhook.ClaimStatus, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, "claim "+id+" "+token)
	if c.claimErr != nil {
		c.held[id] = "p:" + token // made, but the answer was lost
		return 0, c.claimErr
	}
	switch v := c.held[id]; {
	case v == "":
		c.held[id] = "p:" + token
		return webhook.ClaimAcquired, nil
	case strings.HasPrefix(v, "d:"):
		return webhook.ClaimDone, nil
	}
	return webhook.ClaimInProgress, nil
}

func (c *claims) Complete(_ context.Context, id, token string, _ time.Duration) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, "complete "+id+" "+token)
	if c.held[id] != "p:"+token {
		return false, nil
	}
	c.held[id] = "d:" + token
	return true, nil
}

func (c *claims) Abandon(_ context.Context, id, token string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, "abandon "+id+" "+token)
	if c.held[id] == "p:"+token {
		delete(c.held, id)
	}
	return nil
}

func TestHandlerClaimsAcrossReplicas(t *testing.T) {
	store := newClaims()
	rec := &recorder{}
	fail := true
	fn := func(ctx context.Context, ev xecm.Event) error {
		if fail {
			return errors.New("downstream down")
		}
		return rec.handle(ctx, ev)
	}
	a := newTestHandler(t, fn, webhook.WithDeduper(store))
	b := newTestHandler(t, fn, webhook.WithDeduper(store))

	// Another replica's delivery in progress: not acknowledged.
	store.held["evt_c"] = "p:someone-else"
	resp := serve(b, signed(t, testSecret, "evt_c", testNow, goodBody))
	assert.Equal(t, http.StatusServiceUnavailable, resp.Code)
	assert.NotEmpty(t, resp.Header().Get("Retry-After"))
	delete(store.held, "evt_c")

	// A failure frees the claim, under the token it was made with.
	assert.Equal(t, http.StatusInternalServerError, serve(a, signed(t, testSecret, "evt_c", testNow, goodBody)).Code)
	require.Len(t, store.calls, 3)
	tok := strings.Fields(store.calls[1])[2]
	assert.Equal(t, "abandon evt_c "+tok, store.calls[2])

	fail = false
	assert.Equal(t, http.StatusNoContent, serve(b, signed(t, testSecret, "evt_c", testNow, goodBody)).Code)
	assert.Equal(t, http.StatusNoContent, serve(a, signed(t, testSecret, "evt_c", testNow, goodBody)).Code)
	assert.Equal(t, 1, rec.count())
	assert.True(t, strings.HasPrefix(store.held["evt_c"], "d:"))
}

func TestHandlerClaimErrorIs503AndFreesOnlyItsOwnClaim(t *testing.T) {
	store := newClaims()
	store.claimErr = errors.New("redis: i/o timeout")
	rec := &recorder{}
	h := newTestHandler(t, rec.handle, webhook.WithDeduper(store))
	resp := serve(h, signed(t, testSecret, "evt_t", testNow, goodBody))
	assert.Equal(t, http.StatusServiceUnavailable, resp.Code)
	assert.NotEmpty(t, resp.Header().Get("Retry-After"))
	assert.Equal(t, 0, rec.count())
	assert.Empty(t, store.held, "the claim made despite the error is freed")

	store.claimErr = nil
	assert.Equal(t, http.StatusNoContent, serve(h, signed(t, testSecret, "evt_t", testNow, goodBody)).Code)
	assert.Equal(t, 1, rec.count())
}
