package xecm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFileCheckpointStoreSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.json")
	s, err := OpenFileCheckpointStore(path)
	require.NoError(t, err)
	_, ok, err := s.Load(ctx, 1)
	require.NoError(t, err)
	assert.False(t, ok)
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, s.Save(ctx, 1, Checkpoint{Time: at, Count: 2}))
	require.NoError(t, s.Save(ctx, 7, Checkpoint{Time: at.Add(time.Hour), Count: 1}))

	s2, err := OpenFileCheckpointStore(path)
	require.NoError(t, err)
	cp, ok, err := s2.Load(ctx, 1)
	require.NoError(t, err)
	require.True(t, ok)
	assert.True(t, cp.Time.Equal(at))
	assert.Equal(t, 2, cp.Count)
	cp, ok, _ = s2.Load(ctx, 7)
	assert.True(t, ok)
	assert.Equal(t, 1, cp.Count)
}

func TestFileCheckpointStoreCrashMidWriteKeepsTheOldState(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cp.json")
	s, err := OpenFileCheckpointStore(path)
	require.NoError(t, err)
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, s.Save(ctx, 1, Checkpoint{Time: at, Count: 1}))

	// The process dies after writing half of the new copy: the temporary
	// file is left behind, torn, and the rename never happens.
	crash := errors.New("killed")
	s.beforeRename = func(tmp string) error {
		b, err := os.ReadFile(tmp)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "."+filepath.Base(path)+".left.tmp"), b[:len(b)/2], 0o600))
		return crash
	}
	err = s.Save(ctx, 1, Checkpoint{Time: at.Add(time.Minute), Count: 1})
	require.ErrorIs(t, err, crash)
	cp, _, _ := s.Load(ctx, 1)
	assert.True(t, cp.Time.Equal(at), "a failed save leaves the store's state as it was")

	s2, err := OpenFileCheckpointStore(path)
	require.NoError(t, err, "the torn temporary file does not damage the store")
	cp, ok, _ := s2.Load(ctx, 1)
	require.True(t, ok)
	assert.True(t, cp.Time.Equal(at))
}

func TestFileCheckpointStoreRefusesADamagedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cp.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"version":1,"nodes":{"1":{"time":"2025-01-0`), 0o600))
	_, err := OpenFileCheckpointStore(path)
	assert.ErrorContains(t, err, "damaged")
	_, err = OpenFileCheckpointStore("")
	assert.ErrorIs(t, err, ErrInvalidArgument)
}

func TestCheckpointAdvance(t *testing.T) {
	t0 := time.Unix(100, 0)
	cp := Checkpoint{}.advance(t0)
	assert.Equal(t, Checkpoint{Time: t0, Count: 1}, cp)
	cp = cp.advance(t0)
	assert.Equal(t, Checkpoint{Time: t0, Count: 2}, cp)
	cp = cp.advance(t0.Add(time.Second))
	assert.Equal(t, Checkpoint{Time: t0.Add(time.Second), Count: 1}, cp)
}
