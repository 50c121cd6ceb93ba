package xecm_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestEffectiveManyRefusesBadInput(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t")) // no responder: nothing may be sent
	ctx := t.Context()
	for name, args := range map[string]struct {
		member int64
		ids    []int64
		opts   *xecm.EffectiveManyOptions
	}{
		"member":      {0, []int64{77}, nil},
		"no nodes":    {1001, nil, nil},
		"node":        {1001, []int64{77, -3}, nil},
		"concurrency": {1001, []int64{77}, &xecm.EffectiveManyOptions{Concurrency: -1}},
	} {
		got, err := c.Permissions.EffectiveMany(ctx, args.member, args.ids, args.opts)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
		assert.Nil(t, got, name)
	}
}

// Once ctx is done, the nodes not yet asked for are answered with its
// cause, without a request.
func TestEffectiveManyStopsWithTheContext(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t")) // no responder: nothing may be sent
	stop := errors.New("shutting down")
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(stop)
	got, err := c.Permissions.EffectiveMany(ctx, 1001, []int64{77, 78}, nil)
	require.NoError(t, err)
	require.Len(t, got, 2)
	for _, r := range got {
		assert.ErrorIs(t, r.Err, stop)
		assert.Nil(t, r.Permissions)
	}
}
