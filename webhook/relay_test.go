package webhook_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/storetest"
	"github.com/xecm-go/xecm/webhook"
)

func TestRelayRestartedSendsWhatWasPendingInAMemoryOutbox(t *testing.T) {
	storetest.RelayRestart(t, webhook.NewMemoryOutbox(), xecm.NewMemoryCheckpointStore(), webhook.NewMemoryDeduper(0))
}

func TestMemoryOutboxKeepsOrderAndFirstCopy(t *testing.T) {
	ctx := t.Context()
	o := webhook.NewMemoryOutbox()
	for _, id := range []string{"a", "b", "a", "c"} {
		require.NoError(t, o.Put(ctx, xecm.Event{ID: id, Type: xecm.EventNodeCreated}))
	}
	assert.ErrorIs(t, o.Put(ctx, xecm.Event{Type: xecm.EventNodeCreated}), xecm.ErrInvalidArgument)
	evs, err := o.Pending(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, ids(evs))
	require.NoError(t, o.Delete(ctx, "a"))
	require.NoError(t, o.Delete(ctx, "zz"))
	evs, err = o.Pending(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "c"}, ids(evs))
}

func ids(evs []xecm.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.ID
	}
	return out
}

func TestNewRelayRefusesBadArguments(t *testing.T) {
	signer, err := webhook.NewSigner(testSecret)
	require.NoError(t, err)
	s, err := webhook.NewSender(signer)
	require.NoError(t, err)
	_, err = webhook.NewRelay(nil, webhook.NewMemoryOutbox(), "https://example.com/hook")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = webhook.NewRelay(s, nil, "https://example.com/hook")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = webhook.NewRelay(s, webhook.NewMemoryOutbox(), "example.com/hook")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	r, err := webhook.NewRelay(s, webhook.NewMemoryOutbox(), "https://example.com/hook")
	require.NoError(t, err)
	assert.ErrorIs(t, r.Enqueue(context.Background(), xecm.Event{Type: xecm.EventNodeCreated}), xecm.ErrInvalidArgument)
}
