package xecm

import (
	"context"
	"net/http"
)

// NamesInUse reports which of names are taken in the container parentID,
// as a map from each taken name to the ID of the item holding it; a name
// that is free is not in the map. It lets an importer choose another name
// (or add a version instead) before it uploads, rather than learn of the
// collision from a failed create. Whether names differing only in case
// collide is the server's database collation's call.
//
// At least one name is required, and each must be one the server could
// hold (ErrInvalidArgument). It fails with an error matching ErrNotFound
// when the parent does not exist or is not visible.
//
// OpenText API: POST api/v1/validation/nodes/names (body {"parent_id":..,"names":[..]})
func (s *NodesService) NamesInUse(ctx context.Context, parentID int64, names ...string) (_ map[string]int64, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.NamesInUse")
	defer observed.end(&err)
	const op = "Nodes.NamesInUse"
	if err := checkID(op, "parent ID", parentID); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, invalidArg(op, "at least one name is required")
	}
	for _, name := range names {
		if err := checkName(op, name); err != nil {
			return nil, err
		}
	}
	form, err := jsonBodyForm(map[string]any{"parent_id": parentID, "names": names})
	if err != nil {
		return nil, err
	}
	var env struct {
		Results []struct {
			ID   flexInt64 `json:"id"`
			Name string    `json:"name"`
		} `json:"results"`
	}
	const path = "v1/validation/nodes/names"
	// A read spelled POST: safe to repeat.
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: path, form: form, idempotent: true}, &env); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(env.Results))
	for _, r := range env.Results {
		if r.ID == 0 || r.Name == "" {
			return nil, malformed(http.MethodPost, path, "a collision without id or name")
		}
		out[r.Name] = int64(r.ID)
	}
	return out, nil
}
