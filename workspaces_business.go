package xecm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// OfNode returns the business workspace a node belongs to: the nearest
// workspace at or above it (the node itself when it is one), such as the
// customer workspace of a document filed deep in its folders.
//
// It fails with an error matching ErrNotFound when the node is in no
// workspace or does not exist.
//
// OpenText API: GET api/v1/nodes/{id}/businessworkspace, then
// GET api/v2/businessworkspaces/{id}
func (s *WorkspacesService) OfNode(ctx context.Context, nodeID int64) (_ *Workspace, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.OfNode")
	defer observed.end(&err)
	if err := checkID("Workspaces.OfNode", "node ID", nodeID); err != nil {
		return nil, err
	}
	var root struct {
		ID flexInt64 `json:"id"`
	}
	path := "v1/nodes/" + strconv.FormatInt(nodeID, 10) + "/businessworkspace"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &root); err != nil {
		return nil, err
	}
	if root.ID <= 0 {
		return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/" + path,
			Message: "node " + strconv.FormatInt(nodeID, 10) + " is not in a business workspace"}
	}
	return s.Get(ctx, int64(root.ID))
}

// SetReference makes an existing workspace stand for a business object
// (besides any it stands for already), for example a workspace created by
// hand that the ERP record now exists for. RemoveReference undoes it.
//
// It fails with an error matching ErrAlreadyExists when another workspace
// stands for the business object, and ErrNotFound when the workspace does
// not exist or is not visible.
//
// No vendor spec declares this call; it is the one OpenText's pyxecm makes
// (set_workspace_reference), listed in the SDK's spec supplements.
//
// OpenText API: PUT api/v2/businessworkspaces/{id}/workspacereferences
func (s *WorkspacesService) SetReference(ctx context.Context, workspaceID int64, bo BusinessObject) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.SetReference")
	defer observed.end(&err)
	const op = "Workspaces.SetReference"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return err
	}
	if err := bo.check(op, "business object"); err != nil {
		return err
	}
	form := url.Values{"ext_system_id": {bo.ExtSystemID}, "bo_type": {bo.BOType}, "bo_id": {bo.BOID}}
	return s.c.do(ctx, &request{method: http.MethodPut, path: "v2/businessworkspaces/" + strconv.FormatInt(workspaceID, 10) + "/workspacereferences", form: form}, nil)
}

// BusinessObjectType is a type of business object in an external system
// that a workspace type stands for, such as SAP's KNA1 (customer).
type BusinessObjectType struct {
	ID              int64
	ExtSystemID     string
	BOType          string
	Name            string
	WorkspaceTypeID int64
	DefaultSearch   bool
}

// BusinessObjectTypes returns the business object types the server knows.
//
// No vendor spec declares this call; it is the one OpenText's pyxecm makes
// (get_business_object_types), listed in the SDK's spec supplements.
//
// OpenText API: GET api/v2/businessobjecttypes
func (s *WorkspacesService) BusinessObjectTypes(ctx context.Context) (_ []BusinessObjectType, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.BusinessObjectTypes")
	defer observed.end(&err)
	var env struct {
		Results envelope.OneOrMany[struct {
			Data struct {
				Properties struct {
					BOType          string    `json:"bo_type"`
					BOTypeID        flexInt64 `json:"bo_type_id"`
					BOTypeName      string    `json:"bo_type_name"`
					ExtSystemID     string    `json:"ext_system_id"`
					DefaultSearch   bool      `json:"is_default_Search"`
					WorkspaceTypeID flexInt64 `json:"workspace_type_id"`
				} `json:"properties"`
			} `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/businessobjecttypes"}, &env); err != nil {
		return nil, err
	}
	out := make([]BusinessObjectType, 0, len(env.Results))
	for _, r := range env.Results {
		p := r.Data.Properties
		out = append(out, BusinessObjectType{ID: int64(p.BOTypeID), ExtSystemID: p.ExtSystemID, BOType: p.BOType,
			Name: p.BOTypeName, WorkspaceTypeID: int64(p.WorkspaceTypeID), DefaultSearch: p.DefaultSearch})
	}
	return out, nil
}
