package xecm

import (
	"context"
	"net/http"
	"net/url"

	"github.com/xecm-go/xecm/internal/envelope"
)

// Categories returns the categories of one version of a document with
// the values that version carries, in the order they were applied, with
// their definitions: what the metadata said when that version was
// current, for an audit or a portal that shows a pinned version. Number 0
// is the latest version. A version without categories gives an empty
// list.
//
// A negative number fails with ErrInvalidArgument; a version the document
// does not have, or a document that does not exist or is not visible,
// with an error matching ErrNotFound.
//
// OpenText API: GET api/v2/nodes/{id}/versions/{version_number}/categories?metadata
func (s *VersionsService) Categories(ctx context.Context, nodeID int64, number int) (_ []*Category, err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Categories")
	defer observed.end(&err)
	const op = "Versions.Categories"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if number < 0 {
		return nil, invalidArg(op, "version number must not be negative, got %d", number)
	}
	var env struct {
		Results envelope.OneOrMany[wireCategoryResult] `json:"results"`
	}
	path := versionPath(nodeID, number) + "/categories"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: url.Values{"metadata": {""}}}, &env); err != nil {
		return nil, err
	}
	return s.c.Metadata.categoriesOf(path, env.Results)
}
