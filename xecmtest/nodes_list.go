package xecmtest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxListIDs is the most ids POST api/v2/nodes/list takes (spec: "The
// maximum number of node IDs that can be specified is 250").
const maxListIDs = 250

func (s *Server) installNodeLists() {
	s.api("POST /v2/nodes/list", s.handleNodesList)
	s.installNodeActions()
	s.nodes.hooks.create[TypeURL] = createURL
	s.nodes.hooks.create[TypeShortcut] = createShortcut
}

// idsParam reads the ids parameter (an array in the JSON body, repeated
// fields, or one comma-separated field), with the spec's 400s for a
// missing or malformed one.
func idsParam(c *call) ([]int64, error) { return idsFrom(c, nil) }

// idsFrom is idsParam reading the given values (a query's) when there are
// any, else the body's.
func idsFrom(c *call, values []string) ([]int64, error) {
	if len(values) == 0 {
		values = c.params.all("ids")
	}
	var raw []string
	for _, v := range values {
		raw = append(raw, strings.Split(v, ",")...)
	}
	if len(raw) == 0 {
		return nil, errorf(http.StatusBadRequest, "The parameter 'ids' is not specified")
	}
	ids := make([]int64, 0, len(raw))
	for _, r := range raw {
		id, err := strconv.ParseInt(strings.TrimSpace(r), 10, 64)
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "Invalid datatype specified for argument 'ids'")
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// handleNodesList is POST api/v2/nodes/list: the nodes of the given ids
// that the caller may see, in the order asked, each as GET
// api/v2/nodes/{id} renders it (spec nodes_ListResult2: results[].data).
// Ids that do not exist or are not visible are left out, as the spec
// says ("the nodes that the current user is able to access"); more than
// 250 ids is the spec's 400.
func (s *Server) handleNodesList(c *call) (any, error) {
	ids, err := idsParam(c)
	if err != nil {
		return nil, err
	}
	if len(ids) > maxListIDs {
		return nil, errorf(http.StatusBadRequest, "Too many items specified for parameter 'ids'")
	}
	results := []any{}
	for _, id := range ids {
		n := s.nodes.byID[id]
		if n == nil || s.checkAccessLocked(c, n, "see") != nil {
			continue
		}
		data, err := s.nodeDataLocked(c, n)
		if err != nil {
			return nil, err
		}
		results = append(results, dataResult{data})
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

// createURL makes a URL object (subtype 140) from POST api/v2/nodes with
// "url" (reference §4.2: {"type":140,"url":"https://..."}); the address
// must be absolute.
func createURL(s *Server, c *call, spec newNode) (*node, error) {
	raw, _ := c.params.str("url")
	if raw == "" {
		return nil, missing("url")
	}
	if u, err := url.Parse(raw); err != nil || u.Scheme == "" || u.Host == "" {
		return nil, invalid("url", raw)
	}
	spec.Props = map[string]any{"url": raw}
	return s.insertNodeLocked(spec, c.userID())
}

// createShortcut makes a shortcut (subtype 1) to original_id from POST
// api/v2/nodes with type 1 (reference §4.2: {"type":1,"original_id":N}).
// POST nodes with original_id and no type 1 is a copy; createOrCopyLocked
// tells them apart by the type. The name defaults to the original's.
func createShortcut(s *Server, c *call, spec newNode) (*node, error) {
	origID, ok, err := c.params.int64("original_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("original_id")
	}
	orig, err := s.getNode(origID)
	if err != nil {
		return nil, err
	}
	if err := s.checkAccessLocked(c, orig, "see"); err != nil {
		return nil, err
	}
	if spec.Name == "" {
		spec.Name = orig.Name
	}
	spec.Props = map[string]any{"original_id": orig.ID}
	return s.insertNodeLocked(spec, c.userID())
}
