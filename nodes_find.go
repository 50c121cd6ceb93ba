package xecm

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
)

// Volume subtypes, for Nodes.Volume and Nodes.ByVolumePath (reference §4.1).
const (
	VolumeEnterprise         = 141   // the Enterprise Workspace (usually node 2000)
	VolumePersonal           = 142   // the calling user's Personal Workspace
	VolumeCategories         = 133   // the Categories Volume: category definitions
	VolumeClassifications    = 198   // the Classification Volume
	VolumeRecordsManagement  = 550   // Records Management
	VolumeBusinessWorkspaces = 862   // Business Workspaces
	VolumeExtendedECM        = 882   // Extended ECM
	VolumeDocumentTemplates  = 20541 // Document Templates: workspace templates
	VolumeTransportWarehouse = 525
	VolumeFacets             = 901
	VolumePerspectives       = 908
)

// Volumes returns the volumes the user can see (the Enterprise Workspace,
// the user's Personal Workspace, the Categories Volume and so on): the
// root node of each.
//
// OpenText API: GET api/v2/volumes
func (s *NodesService) Volumes(ctx context.Context) (_ []*Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Volumes")
	defer observed.end(&err)
	var env struct {
		Results envelope.OneOrMany[nodeResult] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/volumes"}, &env); err != nil {
		return nil, err
	}
	out := make([]*Node, 0, len(env.Results))
	for i := range env.Results {
		n := env.Results[i].Data.Properties.node()
		out = append(out, &n)
	}
	return out, nil
}

// Volume returns the root node of the volume of a subtype, such as
// VolumeEnterprise or VolumeCategories; for VolumePersonal, the calling
// user's Personal Workspace.
//
// A subtype the server does not know, or that is not a volume, fails with
// an *APIError (the server answers 500 "Subtype N not registered" or "is
// not a root subtype").
//
// OpenText API: GET api/v2/volumes/{type}
func (s *NodesService) Volume(ctx context.Context, volumeType int) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Volume")
	defer observed.end(&err)
	if err := checkVolumeType("Nodes.Volume", volumeType); err != nil {
		return nil, err
	}
	var env struct {
		Results envelope.OneOrMany[nodeResult] `json:"results"`
	}
	path := "v2/volumes/" + strconv.Itoa(volumeType)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	n := env.Results.First().Data.Properties.node()
	if n.ID == 0 {
		return nil, malformed(http.MethodGet, path, "no volume properties in the response")
	}
	return &n, nil
}

// ChildByName returns the child of parentID whose name is exactly name
// (the server's where_name filter matches parts of names; this keeps only
// the exact match, paging through all candidates).
//
// It fails with an error matching ErrNotFound, naming the parent and the
// name, when there is no such child; with the server's error when the
// parent does not exist or cannot be browsed.
//
// OpenText API: GET api/v2/nodes/{id}/nodes?where_name=...
func (s *NodesService) ChildByName(ctx context.Context, parentID int64, name string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.ChildByName")
	defer observed.end(&err)
	const op = "Nodes.ChildByName"
	if err := checkID(op, "parent ID", parentID); err != nil {
		return nil, err
	}
	if err := checkName(op, name); err != nil {
		return nil, err
	}
	for n, err := range s.ListChildrenIter(ctx, parentID, &NodeListOptions{WhereName: name}) {
		if err != nil {
			return nil, err
		}
		if n.Name == name {
			return n, nil
		}
	}
	return nil, s.noChild(parentID, name)
}

func (s *NodesService) noChild(parentID int64, name string) error {
	return &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet,
		Path:    s.c.baseURL.Path + "/api/v2/nodes/" + strconv.FormatInt(parentID, 10) + "/nodes",
		Message: "node " + strconv.FormatInt(parentID, 10) + " has no item named " + strconv.Quote(name)}
}

// ByPath returns the node at path below rootID, such as
// ByPath(ctx, 2000, "Customers/ACME/Contracts"): each "/"-separated name
// is looked up exactly among the children of the one before (empty
// segments, as in a leading or doubled "/", are skipped; an empty path is
// rootID itself). Names containing "/" are reached with ChildByName.
//
// It fails with an error matching ErrNotFound that names the first missing
// name and where it was looked for.
//
// OpenText API: GET api/v2/nodes/{id}/nodes?where_name=... per segment
// (GET api/v2/nodes/{id} for an empty path)
func (s *NodesService) ByPath(ctx context.Context, rootID int64, path string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.ByPath")
	defer observed.end(&err)
	if err := checkID("Nodes.ByPath", "root ID", rootID); err != nil {
		return nil, err
	}
	names := splitNodePath(path)
	if len(names) == 0 {
		return s.Get(ctx, rootID, nil)
	}
	var cur *Node
	parent := rootID
	for i, name := range names {
		n, err := s.ChildByName(ctx, parent, name)
		if err != nil {
			return nil, pathError(err, path, names[:i])
		}
		cur, parent = n, n.ID
	}
	return cur, nil
}

// ByVolumePath is ByPath from the root of a volume, such as
// ByVolumePath(ctx, VolumeCategories, "Contract") for a category or
// ByVolumePath(ctx, VolumeEnterprise, "Customers/ACME").
//
// OpenText API: GET api/v2/volumes/{type}/nodes?where_name=... for the
// first name, then as ByPath (GET api/v2/volumes/{type} for an empty path)
func (s *NodesService) ByVolumePath(ctx context.Context, volumeType int, path string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.ByVolumePath")
	defer observed.end(&err)
	if err := checkVolumeType("Nodes.ByVolumePath", volumeType); err != nil {
		return nil, err
	}
	names := splitNodePath(path)
	if len(names) == 0 {
		return s.Volume(ctx, volumeType)
	}
	cur, err := s.volumeChildByName(ctx, volumeType, names[0])
	if err != nil {
		return nil, pathError(err, path, nil)
	}
	for i := 1; i < len(names); i++ {
		if cur, err = s.ChildByName(ctx, cur.ID, names[i]); err != nil {
			return nil, pathError(err, path, names[:i])
		}
	}
	return cur, nil
}

// EnsurePath returns the folder at path below rootID, creating the folders
// that are missing (ByPath's path rules). It is safe to run concurrently
// for the same path, from this process or others: when another caller
// creates a folder first (the server answers "already exists"), the folder
// it made is looked up and used, so there is one folder per name.
//
// It fails when an item on the path exists but is not a container (with
// ErrConflict), or with the server's error for a create it refuses.
//
// OpenText API: GET api/v2/nodes/{id}/nodes?where_name=... and
// POST api/v2/nodes (type 0) per missing segment
func (s *NodesService) EnsurePath(ctx context.Context, rootID int64, path string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.EnsurePath")
	defer observed.end(&err)
	const op = "Nodes.EnsurePath"
	if err := checkID(op, "root ID", rootID); err != nil {
		return nil, err
	}
	names := splitNodePath(path)
	for _, name := range names {
		if err := checkName(op, name); err != nil {
			return nil, err
		}
	}
	if len(names) == 0 {
		return s.Get(ctx, rootID, nil)
	}
	var cur *Node
	parent := rootID
	for i, name := range names {
		n, err := s.ensureChild(ctx, parent, name)
		if err != nil {
			return nil, pathError(err, path, names[:i])
		}
		if !n.Container {
			return nil, &APIError{StatusCode: http.StatusConflict, Method: http.MethodPost, Path: s.c.baseURL.Path + "/api/v2/nodes",
				Message: strconv.Quote(strings.Join(names[:i+1], "/")) + " is a " + firstNonEmpty(n.TypeName, "non-container item") +
					" (node " + strconv.FormatInt(n.ID, 10) + "), not a folder"}
		}
		cur, parent = n, n.ID
	}
	return cur, nil
}

// ensureChild finds or creates the folder name under parent.
func (s *NodesService) ensureChild(ctx context.Context, parent int64, name string) (*Node, error) {
	n, err := s.ChildByName(ctx, parent, name)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return n, err
	}
	n, err = s.CreateFolder(ctx, parent, name, nil)
	if err == nil {
		return n, nil
	}
	if errors.Is(err, ErrAlreadyExists) || errors.Is(err, ErrOutcomeUnknown) {
		// Another caller made it first, or ours was made and its answer
		// lost: either way, the folder is there now.
		if found, ferr := s.ChildByName(ctx, parent, name); ferr == nil {
			return found, nil
		}
	}
	return nil, err
}

// splitNodePath splits a node path on "/", dropping empty segments.
func splitNodePath(path string) []string {
	var out []string
	for _, p := range strings.Split(path, "/") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pathError says where on a path a lookup failed; an *APIError keeps its
// status (and so its errors.Is class) and gains the path in its message.
func pathError(err error, path string, done []string) error {
	var ae *APIError
	if !errors.As(err, &ae) {
		return err
	}
	cp := *ae
	where := "the root"
	if len(done) > 0 {
		where = strconv.Quote(strings.Join(done, "/"))
	}
	cp.Message = "path " + strconv.Quote(path) + ": under " + where + ": " + ae.Message
	return &cp
}
