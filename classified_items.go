package xecm

import (
	"context"
	"iter"
	"net/http"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// ClassifiedItems returns one page of the items classified under the
// classification classID.
//
// A classification that does not exist fails with the server's 400
// "Could not get node for {id}".
//
// OpenText API: GET api/v2/classifieditems/{id} (the first page), GET
// api/v2/classifieditems/{id}/page?page= (the others)
func (s *RecordsService) ClassifiedItems(ctx context.Context, classID int64, opts *RMItemsOptions) (_ *Page[Node], err error) {
	ctx, observed := s.c.startOp(ctx, "Records.ClassifiedItems")
	defer observed.end(&err)
	const op = "Records.ClassifiedItems"
	if err := checkID(op, "classification ID", classID); err != nil {
		return nil, err
	}
	var o RMItemsOptions
	if opts != nil {
		o = *opts
	}
	path, q, err := rmItemsRequest(op, "v2/classifieditems/"+strconv.FormatInt(classID, 10), o)
	if err != nil {
		return nil, err
	}
	// view_ClassifiedItems: collection.paging, the items' properties in
	// results.contents (results.ancestors is the classification's path).
	var env struct {
		envelope.Paged
		Results struct {
			Contents []Node `json:"contents"`
		} `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	return rmItemsPage(env.Results.Contents, env.Paging(), o), nil
}

// ClassifiedItemsIter returns an iterator over all the items classified
// under classID, fetching pages lazily. The options are copied, never
// changed.
func (s *RecordsService) ClassifiedItemsIter(ctx context.Context, classID int64, opts *RMItemsOptions) iter.Seq2[Node, error] {
	return rmItemsIter(ctx, classID, opts, s.ClassifiedItems)
}
