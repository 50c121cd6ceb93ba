package xecmtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// maxActionIDs is the most ids GET api/v2/nodes/actions takes (the spec:
// "up to 100 items ... To get more than 100 items, use the POST").
const maxActionIDs = 100

// nodeAction is one action the simulator offers on nodes: the permission
// it needs, which nodes it applies to, and the request that performs it.
type nodeAction struct {
	name, label, perm, method, href string
	applies                         func(n *node) bool
}

// nodeActions is the simulator's catalogue, in the order answered. The
// names are those of the server's action keys that OpenText's pyxecm and
// the spec's examples use (open, delete, copy, permissions, audit...); the
// server has many more, which the simulator does not model. Each answers
// the request that performs it in the simulator.
var nodeActions = []nodeAction{
	{"open", "Open", "see_contents", http.MethodGet, "/api/v2/nodes/%d/nodes", (*node).container},
	{"download", "Download", "see_contents", http.MethodGet, "/api/v2/nodes/%d/content", isDocument},
	{"properties", "Properties", "see", http.MethodGet, "/api/v2/nodes/%d", nil},
	{"copy", "Copy", "see", http.MethodPost, "/api/v2/nodes", inTree},
	{"move", "Move", "delete", http.MethodPut, "/api/v2/nodes/%d", inTree},
	{"rename", "Rename", "modify", http.MethodPut, "/api/v2/nodes/%d", nil},
	{"reserve", "Reserve", "reserve", http.MethodPut, "/api/v2/nodes/%d", func(n *node) bool { return isDocument(n) && n.ReservedUser == 0 }},
	{"unreserve", "Unreserve", "reserve", http.MethodPut, "/api/v2/nodes/%d", func(n *node) bool { return isDocument(n) && n.ReservedUser != 0 }},
	{"addversion", "Add Version", "modify", http.MethodPost, "/api/v2/nodes/%d/versions", isDocument},
	{"permissions", "Permissions", "edit_permissions", http.MethodGet, "/api/v2/nodes/%d/permissions", nil},
	{"audit", "Audit", "see", http.MethodGet, "/api/v2/nodes/%d/audit", nil},
	{"delete", "Delete", "delete", http.MethodDelete, "/api/v2/nodes/%d", inTree},
}

func isDocument(n *node) bool { return n.Type == TypeDocument }

// inTree is false for volumes, which cannot be copied, moved or deleted
// (DELETE answers "invalid action 'delete'").
func inTree(n *node) bool { return n.ParentID >= 0 }

func (s *Server) installNodeActions() {
	s.api("GET /v2/nodes/actions", func(c *call) (any, error) { return s.nodeActionsLocked(c, maxActionIDs) })
	s.api("POST /v2/nodes/actions", func(c *call) (any, error) { return s.nodeActionsLocked(c, 0) })
}

// nodeActionsLocked answers GET and POST api/v2/nodes/actions: per node
// the caller may see, the actions asked for (all when "actions" is absent)
// that the caller may perform on it, as
// results.{id}.data.{action} = {body, content_type, form_href, href,
// method, name}, with "map" (the default action) and "order" beside
// "data" (reference §4.2, from pyxecm's docstring). limit caps the ids
// (0: none).
func (s *Server) nodeActionsLocked(c *call, limit int) (any, error) {
	var raw []string
	if c.r.Method == http.MethodGet {
		raw = c.query["ids"]
	}
	ids, err := idsFrom(c, raw)
	if err != nil {
		return nil, err
	}
	if limit > 0 && len(ids) > limit {
		return nil, errorf(http.StatusBadRequest, "Too many items specified for parameter 'ids'")
	}
	want := map[string]bool{}
	names := c.params.all("actions")
	if c.r.Method == http.MethodGet {
		names = c.query["actions"]
	}
	for _, a := range names {
		want[a] = true
	}
	results := map[string]any{}
	for _, id := range ids {
		n := s.nodes.byID[id]
		if n == nil || s.checkAccessLocked(c, n, "see") != nil {
			continue
		}
		data, order := map[string]any{}, []string{}
		for _, a := range nodeActions {
			if len(want) > 0 && !want[a.name] || a.applies != nil && !a.applies(n) || s.checkAccessLocked(c, n, a.perm) != nil {
				continue
			}
			href := a.href
			if strings.Contains(href, "%d") {
				href = fmt.Sprintf(href, n.ID)
			}
			data[a.name] = map[string]any{"body": "", "content_type": "", "form_href": "", "href": href, "method": a.method, "name": a.label}
			order = append(order, a.name)
		}
		m := map[string]any{}
		if len(order) > 0 {
			m["default_action"] = order[0]
		}
		results[strconv.FormatInt(id, 10)] = map[string]any{"data": data, "map": m, "order": order}
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}
