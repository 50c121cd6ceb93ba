package pgstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/xecm-go/xecm"
)

// CheckpointStore is an xecm.CheckpointStore in the table
// xecm_checkpoints, a row per name and node.
type CheckpointStore struct {
	db     DB
	name   string
	schema *schema
}

var _ xecm.CheckpointStore = (*CheckpointStore)(nil)

// NewCheckpointStore returns the checkpoint store of name (one per set of
// watched nodes). It refuses a nil database or an empty name
// (xecm.ErrInvalidArgument).
func NewCheckpointStore(db DB, name string) (*CheckpointStore, error) {
	if err := check("NewCheckpointStore", db, name); err != nil {
		return nil, err
	}
	return &CheckpointStore{db: db, name: name, schema: &schema{db: db}}, nil
}

// Load implements xecm.CheckpointStore.
func (s *CheckpointStore) Load(ctx context.Context, nodeID int64) (xecm.Checkpoint, bool, error) {
	if err := s.schema.ensure(ctx); err != nil {
		return xecm.Checkpoint{}, false, err
	}
	var b string
	err := s.db.QueryRow(ctx, `SELECT checkpoint FROM xecm_checkpoints WHERE name = $1 AND node_id = $2`, s.name, nodeID).Scan(&b)
	if noRows(err) {
		return xecm.Checkpoint{}, false, nil
	}
	if err != nil {
		return xecm.Checkpoint{}, false, fmt.Errorf("pgstore: loading the checkpoint of node %d: %w", nodeID, err)
	}
	var cp xecm.Checkpoint
	if err := json.Unmarshal([]byte(b), &cp); err != nil {
		// Not a silent restart from the beginning of the trail.
		return xecm.Checkpoint{}, false, fmt.Errorf("pgstore: the checkpoint of node %d of %s is damaged: %w", nodeID, s.name, err)
	}
	return cp, true, nil
}

// Save implements xecm.CheckpointStore: the checkpoint is committed when it
// returns nil.
func (s *CheckpointStore) Save(ctx context.Context, nodeID int64, cp xecm.Checkpoint) error {
	if err := s.schema.ensure(ctx); err != nil {
		return err
	}
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO xecm_checkpoints (name, node_id, checkpoint) VALUES ($1, $2, $3)
		ON CONFLICT (name, node_id) DO UPDATE SET checkpoint = excluded.checkpoint`, s.name, nodeID, string(b)); err != nil {
		return fmt.Errorf("pgstore: saving the checkpoint of node %d: %w", nodeID, err)
	}
	return nil
}
