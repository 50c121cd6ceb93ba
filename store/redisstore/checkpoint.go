package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"
	"github.com/xecm-go/xecm"
)

// CheckpointStore is an xecm.CheckpointStore in one Redis hash,
// "<name>:checkpoints", a field per node. A checkpoint is durable as far as
// the server's persistence is (appendfsync always for every write).
type CheckpointStore struct {
	rdb redis.UniversalClient
	key string
}

var _ xecm.CheckpointStore = (*CheckpointStore)(nil)

// NewCheckpointStore returns the checkpoint store of name. It refuses a
// nil client or an empty name (xecm.ErrInvalidArgument).
func NewCheckpointStore(rdb redis.UniversalClient, name string) (*CheckpointStore, error) {
	if err := check("NewCheckpointStore", rdb, name); err != nil {
		return nil, err
	}
	return &CheckpointStore{rdb: rdb, key: name + ":checkpoints"}, nil
}

// Load implements xecm.CheckpointStore.
func (s *CheckpointStore) Load(ctx context.Context, nodeID int64) (xecm.Checkpoint, bool, error) {
	b, err := s.rdb.HGet(ctx, s.key, strconv.FormatInt(nodeID, 10)).Bytes()
	if errors.Is(err, redis.Nil) {
		return xecm.Checkpoint{}, false, nil
	}
	if err != nil {
		return xecm.Checkpoint{}, false, fmt.Errorf("redisstore: loading the checkpoint of node %d: %w", nodeID, err)
	}
	var cp xecm.Checkpoint
	if err := json.Unmarshal(b, &cp); err != nil {
		// Not a silent restart from the beginning of the trail.
		return xecm.Checkpoint{}, false, fmt.Errorf("redisstore: the checkpoint of node %d in %s is damaged: %w", nodeID, s.key, err)
	}
	return cp, true, nil
}

// saveScript writes a checkpoint unless it is made under a fencing token
// (ARGV[3] > 0) older than the newest the hash has seen (field "fence").
var saveScript = redis.NewScript(`
local t = tonumber(ARGV[3])
if t > 0 then
  local f = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
  if t < f then return 0 end
  if t > f then redis.call('HSET', KEYS[1], 'fence', ARGV[3]) end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`)

// Save implements xecm.CheckpointStore. Under a lease (ctx carries the
// holding's xecm.LeaseToken, as Watch's do) a save whose token is older
// than one already seen is refused with xecm.ErrFenced: a superseded
// holder cannot move a checkpoint back.
func (s *CheckpointStore) Save(ctx context.Context, nodeID int64, cp xecm.Checkpoint) error {
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	token, _ := xecm.LeaseToken(ctx)
	n, err := saveScript.Run(ctx, s.rdb, []string{s.key}, strconv.FormatInt(nodeID, 10), b, token).Int()
	if err != nil {
		return fmt.Errorf("redisstore: saving the checkpoint of node %d: %w", nodeID, err)
	}
	if n == 0 {
		return fmt.Errorf("redisstore: saving the checkpoint of node %d under lease token %d: %w", nodeID, token, xecm.ErrFenced)
	}
	return nil
}
