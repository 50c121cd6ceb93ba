package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// Zero values work instead of panicking on a nil map.
func TestZeroValuesAreUsable(t *testing.T) {
	var m webhook.Mux
	called := false
	m.Handle(xecm.EventDocumentCreated, func(context.Context, xecm.Event) error { called = true; return nil })
	require.NoError(t, m.HandleEvent(t.Context(), xecm.Event{Type: xecm.EventDocumentCreated}))
	assert.True(t, called)

	var d webhook.MemoryDeduper
	ok, err := d.Reserve(t.Context(), "msg_1", time.Minute)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, _ = d.Reserve(t.Context(), "msg_1", time.Minute)
	assert.False(t, ok)
}
