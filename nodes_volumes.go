package xecm

import (
	"context"
	"iter"
	"net/http"
	"strconv"
)

func checkVolumeType(op string, volumeType int) error {
	if volumeType <= 0 {
		return invalidArg(op, "volume type must be a positive subtype, got %d", volumeType)
	}
	return nil
}

func volumeNodesPath(volumeType int) string {
	return "v2/volumes/" + strconv.Itoa(volumeType) + "/nodes"
}

// ListVolumeChildren returns one page of the items at the top of a volume,
// such as VolumeEnterprise or VolumePersonal (the caller's own), without
// knowing the volume's node ID, which differs between systems. The options
// are ListChildren's.
//
// A subtype the server does not know, or that is not a volume, fails with
// an *APIError as Volume does.
//
// OpenText API: GET api/v2/volumes/{type}/nodes
func (s *NodesService) ListVolumeChildren(ctx context.Context, volumeType int, opts *NodeListOptions) (_ *Page[*Node], err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.ListVolumeChildren")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = opts.ListOptions
	}
	return s.listVolumeChildren(ctx, volumeType, opts, lo)
}

func (s *NodesService) listVolumeChildren(ctx context.Context, volumeType int, opts *NodeListOptions, lo ListOptions) (*Page[*Node], error) {
	const op = "Nodes.ListVolumeChildren"
	if err := checkVolumeType(op, volumeType); err != nil {
		return nil, err
	}
	return s.browse(ctx, op, volumeNodesPath(volumeType), opts, lo)
}

// ListVolumeChildrenIter returns an iterator over all items at the top of
// a volume, fetching pages lazily as the loop advances. The options are
// copied, never changed. Iteration stops at the first error, which is
// yielded once.
func (s *NodesService) ListVolumeChildrenIter(ctx context.Context, volumeType int, opts *NodeListOptions) iter.Seq2[*Node, error] {
	return browseIter(ctx, opts, func(ctx context.Context, o *NodeListOptions, lo ListOptions) (*Page[*Node], error) {
		return s.listVolumeChildren(ctx, volumeType, o, lo)
	})
}

// volumeChildByName is ChildByName at the top of a volume.
func (s *NodesService) volumeChildByName(ctx context.Context, volumeType int, name string) (*Node, error) {
	for n, err := range s.ListVolumeChildrenIter(ctx, volumeType, &NodeListOptions{WhereName: name}) {
		if err != nil {
			return nil, err
		}
		if n.Name == name {
			return n, nil
		}
	}
	return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet,
		Path:    s.c.baseURL.Path + "/api/" + volumeNodesPath(volumeType),
		Message: "volume " + strconv.Itoa(volumeType) + " has no item named " + strconv.Quote(name)}
}
