package xecm

import (
	"context"
	"net/http"
)

// RSICount is how many items carry an RSI.
type RSICount struct {
	RSI   string
	Count int64
}

// RSIStatistics returns, per RSI, how many items carry it.
//
// OpenText API: GET api/v1/rmstatistics/rsis
func (s *RecordsService) RSIStatistics(ctx context.Context) (_ []RSICount, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.RSIStatistics")
	defer observed.end(&err)
	var env struct {
		Data []struct {
			RSI   string    `json:"rsi"`
			Count flexInt64 `json:"cnt"`
		} `json:"data"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v1/rmstatistics/rsis"}, &env); err != nil {
		return nil, err
	}
	out := make([]RSICount, 0, len(env.Data))
	for _, d := range env.Data {
		out = append(out, RSICount{RSI: d.RSI, Count: int64(d.Count)})
	}
	return out, nil
}
