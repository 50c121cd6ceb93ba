package xecm

import (
	"context"
	"net/http"
	"strings"
	"sync"
)

// MaxNodesPerList is the most node IDs one POST api/v2/nodes/list takes
// (the spec: "The maximum number of node IDs that can be specified is
// 250"). GetMany splits longer lists into calls of this size.
const MaxNodesPerList = 250

// GetMany returns the nodes of many IDs in few calls: one per
// MaxNodesPerList IDs, instead of one Get per node, with up to
// listCallsInFlight of those calls under way at once. IDs that do not
// exist or that the user may not see are left out (the server answers only
// the nodes the user can access), so compare lengths to find them; the
// other nodes keep the order of ids. Duplicate IDs are asked for once.
//
// It fails with ErrInvalidArgument for a non-positive ID, and with the
// server's error for a refused call: the calls still under way are then
// cancelled and no nodes are returned.
//
// OpenText API: POST api/v2/nodes/list (body {"ids": [...]})
func (s *NodesService) GetMany(ctx context.Context, ids []int64) (_ []*Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.GetMany")
	defer observed.end(&err)
	const op = "Nodes.GetMany"
	seen := make(map[int64]bool, len(ids))
	uniq := make([]int64, 0, len(ids))
	for _, id := range ids {
		if err := checkID(op, "node ID", id); err != nil {
			return nil, err
		}
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	var chunks [][]int64
	for start := 0; start < len(uniq); start += MaxNodesPerList {
		chunks = append(chunks, uniq[start:min(start+MaxNodesPerList, len(uniq))])
	}
	if len(chunks) == 1 {
		return s.listChunk(ctx, chunks[0])
	}
	// The calls overlap: a server answers them in parallel, and their
	// decoding shares the client's cores, so many IDs cost little more
	// wall time than one call's worth.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	results := make([][]*Node, len(chunks))
	var firstErr error
	var once sync.Once
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(listCallsInFlight, len(chunks)) {
		wg.Go(func() {
			for i := range next {
				nodes, err := s.listChunk(ctx, chunks[i])
				if err != nil {
					once.Do(func() { firstErr = err; cancel(err) })
					continue
				}
				results[i] = nodes
			}
		})
	}
	for i := range chunks {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	out := make([]*Node, 0, len(uniq))
	for _, nodes := range results {
		out = append(out, nodes...)
	}
	return out, nil
}

// listCallsInFlight is how many POST api/v2/nodes/list calls GetMany has
// under way at once: enough to overlap round trips and decoding, few
// enough not to load the server.
const listCallsInFlight = 4

// listChunk sends one POST api/v2/nodes/list for at most MaxNodesPerList
// IDs.
func (s *NodesService) listChunk(ctx context.Context, chunk []int64) ([]*Node, error) {
	form, err := jsonBodyForm(map[string]any{"ids": chunk})
	if err != nil {
		return nil, err
	}
	var env nodeList
	// A read spelled POST: safe to repeat.
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v2/nodes/list", form: form, idempotent: true}, &env); err != nil {
		return nil, err
	}
	// One allocation for the call's nodes, not one per node.
	nodes := make([]Node, len(env.Results))
	out := make([]*Node, len(env.Results))
	for i := range env.Results {
		nodes[i] = env.Results[i].Data.Properties.node()
		if nodes[i].ID == 0 {
			return nil, malformed(http.MethodPost, "v2/nodes/list", "a result without node properties")
		}
		out[i] = &nodes[i]
	}
	return out, nil
}

// CreateURL creates a URL object (TypeURL) named name under parentID that
// points to address, an absolute http or https URL, and returns it.
//
// It fails with ErrInvalidArgument for a bad name or address, and with
// ErrAlreadyExists when the parent holds an item of that name.
//
// OpenText API: POST api/v2/nodes (type 140, url)
func (s *NodesService) CreateURL(ctx context.Context, parentID int64, name, address string, opts *FolderCreateOptions) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.CreateURL")
	defer observed.end(&err)
	const op = "Nodes.CreateURL"
	if err := checkID(op, "parent ID", parentID); err != nil {
		return nil, err
	}
	if err := checkName(op, name); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(address, "https://") && !strings.HasPrefix(address, "http://") || len(address) <= len("https://") {
		return nil, invalidArg(op, "address %q must be an absolute http or https URL", address)
	}
	body := map[string]any{"type": TypeURL, "parent_id": parentID, "name": name, "url": address}
	if opts != nil && opts.Description != "" {
		body["description"] = opts.Description
	}
	return s.create(ctx, body)
}

// CreateShortcut creates a shortcut (TypeShortcut) under parentID to the
// item originalID and returns it. An empty name takes the original's.
//
// It fails with ErrNotFound when the original does not exist or is not
// visible, and with ErrAlreadyExists when the parent holds an item of that
// name.
//
// OpenText API: POST api/v2/nodes (type 1, original_id)
func (s *NodesService) CreateShortcut(ctx context.Context, parentID, originalID int64, name string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.CreateShortcut")
	defer observed.end(&err)
	const op = "Nodes.CreateShortcut"
	if err := checkID(op, "parent ID", parentID); err != nil {
		return nil, err
	}
	if err := checkID(op, "original ID", originalID); err != nil {
		return nil, err
	}
	body := map[string]any{"type": TypeShortcut, "parent_id": parentID, "original_id": originalID}
	if name != "" {
		if err := checkName(op, name); err != nil {
			return nil, err
		}
		body["name"] = name
	}
	return s.create(ctx, body)
}
