package xecmtest

import (
	"net/http"
)

// installValidation registers the validation routes: the name check a
// client makes before it creates or uploads (pyxecm's check_node_name).
func (s *Server) installValidation() {
	s.api("POST /v1/validation/nodes/names", s.handleCheckNames)
}

// handleCheckNames is POST api/v1/validation/nodes/names with
// body={"parent_id":2000,"names":["a.doc","folder1"]}: it lists the names
// that collide with an item in the parent, as {"results":[{"id","name"}]},
// and nothing for the names that are free. Names compare exactly, as the
// simulator's create does (the spec: "subject to database collation"). The spec does not say whether items the caller
// cannot see are reported; they are, since a create would collide with
// them all the same.
func (s *Server) handleCheckNames(c *call) (any, error) {
	pid, ok, err := c.params.int64("parent_id")
	switch {
	case err != nil:
		return nil, errorf(http.StatusBadRequest, "Body Parameter 'parent_id' is invalid")
	case !ok:
		return nil, errorf(http.StatusBadRequest, "Body Parameter 'parent_id' is missing")
	}
	raw, ok := c.params.raw("names")
	if !ok {
		return nil, errorf(http.StatusBadRequest, "Body Parameter 'names' is missing")
	}
	list, isList := raw.([]any)
	if !isList {
		return nil, errorf(http.StatusBadRequest, "Body Parameter 'names' is invalid")
	}
	names := make([]string, 0, len(list))
	for _, v := range list {
		name, isStr := v.(string)
		if !isStr {
			return nil, errorf(http.StatusBadRequest, "Body Parameter 'names' is invalid")
		}
		names = append(names, name)
	}
	parent, err := s.getNode(pid)
	if err != nil {
		return nil, err
	}
	if err := s.checkAccessLocked(c, parent, "see"); err != nil {
		return nil, err
	}
	byName := make(map[string]int64, len(parent.Children))
	for _, id := range parent.Children {
		if k := s.nodes.byID[id]; k != nil {
			byName[k.Name] = k.ID
		}
	}
	results := []any{}
	seen := map[string]bool{}
	for _, name := range names {
		if id, taken := byName[name]; taken && !seen[name] {
			seen[name] = true
			results = append(results, map[string]any{"id": id, "name": name})
		}
	}
	return map[string]any{"results": results}, nil
}
