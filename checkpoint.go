package xecm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Checkpoint is how far Watch has delivered the audit trail of one node.
// Audit entries have no ID of their own, so the position is the date of
// the last delivered entry and how many entries of exactly that date were
// delivered: entries recorded later in the same second are still found.
type Checkpoint struct {
	// Time is the audit date of the last delivered entry.
	Time time.Time `json:"time"`
	// Count is how many entries dated exactly Time were delivered (≥ 1).
	Count int `json:"count"`
}

// advance returns the checkpoint after delivering an entry dated at.
func (cp Checkpoint) advance(at time.Time) Checkpoint {
	if cp.Count > 0 && at.Equal(cp.Time) {
		return Checkpoint{Time: cp.Time, Count: cp.Count + 1}
	}
	return Checkpoint{Time: at, Count: 1}
}

// CheckpointStore keeps Watch checkpoints across restarts. Implementations
// must be safe for concurrent use (Watch saves checkpoints of different
// nodes from several goroutines).
type CheckpointStore interface {
	// Load returns the checkpoint of a node; ok is false if none was saved.
	Load(ctx context.Context, nodeID int64) (cp Checkpoint, ok bool, err error)
	// Save records the checkpoint of a node. When it returns nil, the
	// checkpoint must survive a crash of the process.
	Save(ctx context.Context, nodeID int64, cp Checkpoint) error
}

// MemoryCheckpointStore is a CheckpointStore in memory, for tests and for
// watchers that may replay events after a restart.
type MemoryCheckpointStore struct {
	mu  sync.Mutex
	cps map[int64]Checkpoint
}

// NewMemoryCheckpointStore returns an empty in-memory store.
func NewMemoryCheckpointStore() *MemoryCheckpointStore {
	return &MemoryCheckpointStore{cps: map[int64]Checkpoint{}}
}

// Load implements CheckpointStore.
func (m *MemoryCheckpointStore) Load(_ context.Context, nodeID int64) (Checkpoint, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cp, ok := m.cps[nodeID]
	return cp, ok, nil
}

// Save implements CheckpointStore.
func (m *MemoryCheckpointStore) Save(_ context.Context, nodeID int64, cp Checkpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cps[nodeID] = cp
	return nil
}

// FileCheckpointStore is a CheckpointStore in one JSON file. Every Save
// writes a new copy next to the file, syncs it and renames it over the
// old one, so a crash at any moment leaves either the old or the new
// checkpoints, never a torn file.
type FileCheckpointStore struct {
	path string

	mu  sync.Mutex
	cps map[int64]Checkpoint

	// beforeRename, when set, runs after the new copy is written and
	// before it replaces the file (tests simulate a crash there).
	beforeRename func(tmp string) error
}

// checkpointFile is the on-disk layout.
type checkpointFile struct {
	Version int                   `json:"version"`
	Nodes   map[string]Checkpoint `json:"nodes"`
}

// OpenFileCheckpointStore opens (or, if it does not exist, starts) the
// checkpoint file at path. Its directory must exist. A file that is not a
// valid checkpoint file is an error rather than a silent restart, which
// would deliver whole audit trails again.
func OpenFileCheckpointStore(path string) (*FileCheckpointStore, error) {
	if path == "" {
		return nil, invalidArg("OpenFileCheckpointStore", "empty path")
	}
	s := &FileCheckpointStore{path: path, cps: map[int64]Checkpoint{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("xecm: reading checkpoints: %w", err)
	}
	var f checkpointFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("xecm: checkpoint file %s is damaged: %w", path, err)
	}
	for k, cp := range f.Nodes {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("xecm: checkpoint file %s is damaged: bad node id %q", path, k)
		}
		s.cps[id] = cp
	}
	return s, nil
}

// Path returns the file the store writes.
func (s *FileCheckpointStore) Path() string { return s.path }

// Load implements CheckpointStore.
func (s *FileCheckpointStore) Load(_ context.Context, nodeID int64) (Checkpoint, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp, ok := s.cps[nodeID]
	return cp, ok, nil
}

// Save implements CheckpointStore: the checkpoint is on disk when it
// returns nil. If writing fails, the store keeps the previous state.
func (s *FileCheckpointStore) Save(_ context.Context, nodeID int64, cp Checkpoint) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := checkpointFile{Version: 1, Nodes: make(map[string]Checkpoint, len(s.cps)+1)}
	for id, c := range s.cps {
		f.Nodes[strconv.FormatInt(id, 10)] = c
	}
	f.Nodes[strconv.FormatInt(nodeID, 10)] = cp
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := s.replace(b); err != nil {
		return fmt.Errorf("xecm: saving checkpoint: %w", err)
	}
	s.cps[nodeID] = cp
	return nil
}

// replace writes b to a temporary file in the same directory, syncs it and
// renames it over the store's file, then syncs the directory so that the
// rename itself is durable.
func (s *FileCheckpointStore) replace(b []byte) (err error) {
	dir := filepath.Dir(s.path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(s.path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(b); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if s.beforeRename != nil {
		if err = s.beforeRename(tmp.Name()); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp.Name(), s.path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // not supported everywhere (Windows); the rename stands
		_ = d.Close()
	}
	return nil
}
