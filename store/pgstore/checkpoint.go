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
// returns nil. Under a lease (ctx carries the holding's xecm.LeaseToken, as
// Watch's do) a save whose token is older than one already seen is
// refused with xecm.ErrFenced: a superseded holder cannot move a
// checkpoint back.
func (s *CheckpointStore) Save(ctx context.Context, nodeID int64, cp xecm.Checkpoint) error {
	if err := s.schema.ensure(ctx); err != nil {
		return err
	}
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	token, _ := xecm.LeaseToken(ctx)
	tag, err := s.db.Exec(ctx, saveSQL, s.name, nodeID, string(b), token)
	if err != nil {
		return fmt.Errorf("pgstore: saving the checkpoint of node %d: %w", nodeID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("pgstore: saving the checkpoint of node %d under lease token %d: %w", nodeID, token, xecm.ErrFenced)
	}
	return nil
}

// saveSQL writes a checkpoint unless it is made under a fencing token
// ($4 > 0) older than the newest xecm_fences has seen for the name. The
// fence row, locked by its upsert, orders concurrent saves.
const saveSQL = `
WITH fence AS (
  INSERT INTO xecm_fences (name, token) VALUES ($1::text, $4::bigint)
  ON CONFLICT (name) DO UPDATE SET token = excluded.token
    WHERE xecm_fences.token <= excluded.token
  RETURNING 1
)
INSERT INTO xecm_checkpoints (name, node_id, checkpoint)
SELECT $1::text, $2::bigint, $3::text WHERE $4::bigint <= 0 OR EXISTS (SELECT 1 FROM fence)
ON CONFLICT (name, node_id) DO UPDATE SET checkpoint = excluded.checkpoint`
