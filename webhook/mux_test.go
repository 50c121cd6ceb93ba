package webhook_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

func TestMuxDispatch(t *testing.T) {
	var got []string
	note := func(name string) xecm.EventFunc {
		return func(_ context.Context, ev xecm.Event) error {
			got = append(got, name+":"+string(ev.Type))
			return nil
		}
	}
	m := webhook.NewMux()
	ctx := context.Background()
	require.NoError(t, m.HandleEvent(ctx, xecm.Event{Type: "nobody.cares"}), "unhandled events are acknowledged")
	m.Handle(xecm.EventDocumentCreated, note("exact"))
	m.Handle("document.*", note("family"))
	m.HandleFallback(note("fallback"))
	for _, typ := range []xecm.EventType{xecm.EventDocumentCreated, xecm.EventDocumentApproved, xecm.EventHoldApplied, "audit.416"} {
		require.NoError(t, m.HandleEvent(ctx, xecm.Event{Type: typ}))
	}
	assert.Equal(t, []string{"exact:document.created", "family:document.approved", "fallback:hold.applied", "fallback:audit.416"}, got)
	m.Handle(xecm.EventDocumentCreated, nil)
	got = nil
	require.NoError(t, m.HandleEvent(ctx, xecm.Event{Type: xecm.EventDocumentCreated}))
	assert.Equal(t, []string{"family:document.created"}, got)
}

func TestDataDecodesUnknownMembers(t *testing.T) {
	ev, err := xecm.ParseEvent([]byte(`{"type":"custom.invoice","data":{"node_id":"12","invoice":{"number":"R-1","amount":12.5}}}`))
	require.NoError(t, err)
	assert.Equal(t, int64(12), ev.Data.NodeID)
	type invoice struct {
		Invoice struct {
			Number string  `json:"number"`
			Amount float64 `json:"amount"`
		} `json:"invoice"`
	}
	inv, err := webhook.Data[invoice](ev)
	require.NoError(t, err)
	assert.Equal(t, "R-1", inv.Invoice.Number)
	assert.Equal(t, 12.5, inv.Invoice.Amount)
}
