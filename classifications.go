package xecm

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// Classification is a standard (non-RM) classification on a node.
type Classification struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Type           int    `json:"type"`
	Selectable     bool   `json:"selectable"`
	ManagementType string `json:"management_type"`
	Inherited      bool   `json:"inherit_flag"`
	ClassVolumeID  int64  `json:"classvolumeid"`
}

func classificationsPath(nodeID int64) string {
	return "v1/nodes/" + strconv.FormatInt(nodeID, 10) + "/classifications"
}

// ListClassifications returns the standard classifications of a node.
//
// OpenText API: GET api/v1/nodes/{id}/classifications
func (s *RecordsService) ListClassifications(ctx context.Context, nodeID int64) (_ []Classification, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.ListClassifications")
	defer observed.end(&err)
	if err := checkID("Records.ListClassifications", "node ID", nodeID); err != nil {
		return nil, err
	}
	var env struct {
		Data envelope.OneOrMany[Classification] `json:"data"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: classificationsPath(nodeID)}, &env); err != nil {
		return nil, err
	}
	return []Classification(env.Data), nil
}

// AddClassifications adds standard classifications to a node, keeping the
// ones it has: the server's call replaces the whole set, so the SDK reads
// the current set and sends the union.
//
// OpenText API: GET, then POST api/v1/nodes/{id}/classifications
func (s *RecordsService) AddClassifications(ctx context.Context, nodeID int64, classIDs ...int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.AddClassifications")
	defer observed.end(&err)
	const op = "Records.AddClassifications"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if len(classIDs) == 0 {
		return invalidArg(op, "no classification IDs given")
	}
	for _, id := range classIDs {
		if err := checkID(op, "classification ID", id); err != nil {
			return err
		}
	}
	cur, err := s.ListClassifications(ctx, nodeID)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(cur)+len(classIDs))
	for _, c := range cur {
		if !c.Inherited {
			ids = append(ids, c.ID)
		}
	}
	for _, id := range classIDs {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return s.postClassifications(ctx, nodeID, ids)
}

// SetClassifications replaces the standard classifications of a node with
// exactly classIDs.
//
// OpenText API: POST api/v1/nodes/{id}/classifications
func (s *RecordsService) SetClassifications(ctx context.Context, nodeID int64, classIDs []int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.SetClassifications")
	defer observed.end(&err)
	const op = "Records.SetClassifications"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	for _, id := range classIDs {
		if err := checkID(op, "classification ID", id); err != nil {
			return err
		}
	}
	return s.postClassifications(ctx, nodeID, classIDs)
}

func (s *RecordsService) postClassifications(ctx context.Context, nodeID int64, ids []int64) error {
	if ids == nil {
		ids = []int64{}
	}
	// The list goes in the JSON "body", the form that carries arrays.
	form, err := jsonBodyForm(map[string]any{"class_id": ids})
	if err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: classificationsPath(nodeID), form: form}, nil)
}

// RemoveClassification removes one standard classification from a node.
//
// OpenText API: DELETE api/v1/nodes/{id}/classifications/{class_id}
func (s *RecordsService) RemoveClassification(ctx context.Context, nodeID, classID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.RemoveClassification")
	defer observed.end(&err)
	if err := checkID("Records.RemoveClassification", "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID("Records.RemoveClassification", "classification ID", classID); err != nil {
		return err
	}
	path := classificationsPath(nodeID) + "/" + strconv.FormatInt(classID, 10)
	return s.c.do(ctx, &request{method: http.MethodDelete, path: path}, nil)
}
