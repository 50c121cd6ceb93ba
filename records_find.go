package xecm

import (
	"context"
	"net/http"
	"strconv"
)

// ClassificationByPath returns the classification at path in the
// Classification Volume, such as "RM Classifications/Corporate
// Records/Contracts": the classification tree, then the classifications
// down to the one wanted, each name exact (as pyxecm's
// rm_classification_path). Its ID is what Apply, RMClassificationRole and
// the create calls' RM classification take.
//
// It fails with an error matching ErrNotFound that names the first missing
// name and where it was looked for, and with ErrConflict when the path
// ends at an item that is not a classification (the volume or a
// classification tree).
//
// OpenText API: GET api/v2/volumes/198, then GET api/v2/nodes/{id}/nodes
// with where_name per path segment
func (s *RecordsService) ClassificationByPath(ctx context.Context, path string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.ClassificationByPath")
	defer observed.end(&err)
	if len(splitNodePath(path)) == 0 {
		return nil, invalidArg("Records.ClassificationByPath", "classification path is required")
	}
	n, err := (*NodesService)(s).ByVolumePath(ctx, VolumeClassifications, path)
	if err != nil {
		return nil, err
	}
	if n.Type != TypeClassification {
		return nil, &APIError{StatusCode: http.StatusConflict, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/v2/nodes/" + strconv.FormatInt(n.ID, 10),
			Message: strconv.Quote(path) + " in the Classification Volume is a " + firstNonEmpty(n.TypeName, "node of type "+strconv.Itoa(n.Type)) + ", not a classification"}
	}
	return n, nil
}
