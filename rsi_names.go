package xecm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// rsiNamesEnvelope reads the RSI name lists of GET and POST api/v1/rsis:
// the spec's RSIsNames has them under "fast:codes" at the top level,
// pyxecm's search_records_management_rsis reads data.fast_codes; both are
// read.
type rsiNamesEnvelope struct {
	FastCodes []struct {
		Name string `json:"name"`
	} `json:"fast:codes"`
	Data struct {
		FastCodes []struct {
			Name string `json:"name"`
		} `json:"fast_codes"`
	} `json:"data"`
}

func (e rsiNamesEnvelope) names() []string {
	out := make([]string, 0, len(e.FastCodes)+len(e.Data.FastCodes))
	for _, c := range e.FastCodes {
		out = append(out, c.Name)
	}
	for _, c := range e.Data.FastCodes {
		out = append(out, c.Name)
	}
	return out
}

// RSINames returns the names (codes) of all RSIs, as offered when an RSI is
// assigned.
//
// OpenText API: GET api/v1/rsis
func (s *RecordsService) RSINames(ctx context.Context) (_ []string, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.RSINames")
	defer observed.end(&err)
	var env rsiNamesEnvelope
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v1/rsis"}, &env); err != nil {
		return nil, err
	}
	return env.names(), nil
}

// SearchRSINames returns the names of the RSIs whose name contains query
// (the server's filter; an empty query lists them all).
//
// OpenText API: POST api/v1/rsis (form field query)
func (s *RecordsService) SearchRSINames(ctx context.Context, query string) (_ []string, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.SearchRSINames")
	defer observed.end(&err)
	var env rsiNamesEnvelope
	req := &request{method: http.MethodPost, path: "v1/rsis", form: url.Values{"query": {query}}, idempotent: true}
	if err := s.c.do(ctx, req, &env); err != nil {
		return nil, err
	}
	return env.names(), nil
}

// NodeRSI is the retention schedule of one RM classification of a node.
type NodeRSI struct {
	ClassID int64
	RSI     string
}

// NodeRSIs returns the RSIs of a node's RM classifications.
//
// OpenText API: GET api/v1/nodes/{id}/rsis
func (s *RecordsService) NodeRSIs(ctx context.Context, nodeID int64) (_ []NodeRSI, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.NodeRSIs")
	defer observed.end(&err)
	if err := checkID("Records.NodeRSIs", "node ID", nodeID); err != nil {
		return nil, err
	}
	var env struct {
		Data envelope.OneOrMany[struct {
			ClassID flexInt64 `json:"class_id"`
			RSI     *string   `json:"rsi"`
		}] `json:"data"`
	}
	path := "v1/nodes/" + strconv.FormatInt(nodeID, 10) + "/rsis"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	out := make([]NodeRSI, 0, len(env.Data))
	for _, d := range env.Data {
		out = append(out, NodeRSI{ClassID: int64(d.ClassID), RSI: str(d.RSI)})
	}
	return out, nil
}
