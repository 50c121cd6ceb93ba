package webhook

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryDeduperTTLAndRelease(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1000, 0)
	m := NewMemoryDeduper(10)
	m.now = func() time.Time { return now }
	ok, err := m.Reserve(ctx, "a", time.Minute)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, _ = m.Reserve(ctx, "a", time.Minute)
	assert.False(t, ok, "a live ID is a duplicate")
	require.NoError(t, m.Release(ctx, "a"))
	ok, _ = m.Reserve(ctx, "a", time.Minute)
	assert.True(t, ok, "a released ID is free again")
	now = now.Add(time.Minute)
	ok, _ = m.Reserve(ctx, "a", time.Minute)
	assert.True(t, ok, "an expired ID is free again")
}

func TestMemoryDeduperIsBounded(t *testing.T) {
	ctx := context.Background()
	m := NewMemoryDeduper(100)
	for i := 0; i < 10_000; i++ {
		ok, err := m.Reserve(ctx, strconv.Itoa(i), time.Hour)
		require.NoError(t, err)
		require.True(t, ok)
		if i%2 == 0 {
			require.NoError(t, m.Release(ctx, strconv.Itoa(i)))
		}
	}
	assert.LessOrEqual(t, m.Len(), 100)
	assert.LessOrEqual(t, len(m.order), 2*100+16)
	ok, _ := m.Reserve(ctx, "9999", time.Hour)
	assert.False(t, ok, "the newest IDs are kept")
	ok, _ = m.Reserve(ctx, "1", time.Hour)
	assert.True(t, ok, "the oldest IDs were forgotten first")
}
