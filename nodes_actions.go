package xecm

import (
	"context"
	"net/http"
	"strconv"
)

// NodeAction is an action the user may perform on a node, with the request
// that performs it, as the server describes it.
type NodeAction struct {
	// Key is the action's key, such as "open", "download", "delete".
	Key string
	// Name is its display name.
	Name string
	// Method and Href are the request that performs it ("DELETE",
	// "/api/v2/nodes/12345").
	Method, Href string
}

// Actions returns, per node, the actions the user may perform on it, in
// the server's order: for a user interface that offers only what will
// work, or to check a permission before trying. With actions given, only
// those are asked for (such as "delete", "copy", "permissions"); without,
// all the server offers. Nodes that do not exist or are not visible are
// left out of the map.
//
// OpenText API: POST api/v2/nodes/actions (body {"ids": [...], "actions": [...]})
func (s *NodesService) Actions(ctx context.Context, ids []int64, actions ...string) (_ map[int64][]NodeAction, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Actions")
	defer observed.end(&err)
	const op = "Nodes.Actions"
	if len(ids) == 0 {
		return nil, invalidArg(op, "at least one node ID is required")
	}
	for _, id := range ids {
		if err := checkID(op, "node ID", id); err != nil {
			return nil, err
		}
	}
	body := map[string]any{"ids": ids}
	if len(actions) > 0 {
		body["actions"] = actions
	}
	form, err := jsonBodyForm(body)
	if err != nil {
		return nil, err
	}
	type wireAction struct {
		Href   string `json:"href"`
		Method string `json:"method"`
		Name   string `json:"name"`
	}
	var env struct {
		Results map[string]struct {
			Data  map[string]wireAction `json:"data"`
			Order []string              `json:"order"`
		} `json:"results"`
	}
	// A read spelled POST: safe to repeat.
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v2/nodes/actions", form: form, idempotent: true}, &env); err != nil {
		return nil, err
	}
	out := make(map[int64][]NodeAction, len(env.Results))
	for key, r := range env.Results {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return nil, malformed(http.MethodPost, "v2/nodes/actions", "result key "+strconv.Quote(key)+" is not a node ID")
		}
		list := make([]NodeAction, 0, len(r.Data))
		seen := map[string]bool{}
		for _, k := range r.Order {
			if a, ok := r.Data[k]; ok && !seen[k] {
				seen[k] = true
				list = append(list, NodeAction{Key: k, Name: a.Name, Method: a.Method, Href: a.Href})
			}
		}
		for k, a := range r.Data { // any the order leaves out
			if !seen[k] {
				list = append(list, NodeAction{Key: k, Name: a.Name, Method: a.Method, Href: a.Href})
			}
		}
		out[id] = list
	}
	return out, nil
}
