package xecm

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// EffectiveManyOptions tunes EffectiveMany.
type EffectiveManyOptions struct {
	// Concurrency is how many requests are under way at once; 0 means
	// DefaultEffectiveConcurrency.
	Concurrency int
}

// DefaultEffectiveConcurrency is how many requests EffectiveMany has under
// way at once unless told otherwise: enough to hide the round trips,
// few enough not to load the server.
const DefaultEffectiveConcurrency = 4

// NodeEffective is the effective permissions of a member on one node, or
// why they could not be read.
type NodeEffective struct {
	NodeID      int64
	Permissions []Permission // nil when Err is set
	Err         error
}

// EffectiveMany returns the permissions a member actually has on each of
// many nodes, in the order of nodeIDs (a repeated ID is asked for once).
//
// The REST API has no call that answers this for many nodes at once: POST
// api/v2/nodes/list answers for the caller only, and POST
// api/v2/nodes/permissions/check (used by OpenText's Python client, and
// declared by no spec) tells only which nodes a user may see, not with
// what permissions. So EffectiveMany sends one Effective call per node, at
// most opts.Concurrency at a time.
//
// It fails with ErrInvalidArgument for a bad member or node ID, a negative
// Concurrency, or no nodes. A node whose permissions could not be read
// (ErrNotFound for a node the caller cannot see, the context's error once
// ctx is done) has its Err set; the others are answered all the same.
//
// OpenText API: GET api/v2/nodes/{id}/permissions/effective/{right_id},
// once per node
func (s *PermissionsService) EffectiveMany(ctx context.Context, memberID int64, nodeIDs []int64, opts *EffectiveManyOptions) (_ []NodeEffective, err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.EffectiveMany")
	defer observed.end(&err)
	const op = "Permissions.EffectiveMany"
	if err := checkID(op, "member ID", memberID); err != nil {
		return nil, err
	}
	if len(nodeIDs) == 0 {
		return nil, invalidArg(op, "no node IDs given")
	}
	workers := DefaultEffectiveConcurrency
	if opts != nil {
		if opts.Concurrency < 0 {
			return nil, invalidArg(op, "Concurrency must not be negative")
		}
		if opts.Concurrency > 0 {
			workers = opts.Concurrency
		}
	}
	first := make(map[int64]int, len(nodeIDs)) // node ID -> index of its first occurrence
	var uniq []int
	for i, id := range nodeIDs {
		if err := checkID(op, fmt.Sprintf("node ID %d", i), id); err != nil {
			return nil, err
		}
		if _, dup := first[id]; !dup {
			first[id] = i
			uniq = append(uniq, i)
		}
	}
	out := make([]NodeEffective, len(nodeIDs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(uniq)) {
		wg.Go(func() {
			for i := range next {
				perms, err := s.Effective(ctx, nodeIDs[i], memberID)
				out[i] = NodeEffective{NodeID: nodeIDs[i], Permissions: perms, Err: err}
			}
		})
	}
	for _, i := range uniq {
		if ctx.Err() != nil {
			out[i] = NodeEffective{NodeID: nodeIDs[i], Err: context.Cause(ctx)}
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for i, id := range nodeIDs {
		if j := first[id]; j != i {
			out[i] = out[j]
			out[i].Permissions = slices.Clone(out[j].Permissions) // each result the caller's own
		}
	}
	return out, nil
}
