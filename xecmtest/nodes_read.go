package xecmtest

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// defaultBrowseLimit is the page size of browse calls without "limit".
const defaultBrowseLimit = 100

// handleGetNode is GET api/v2/nodes/{id}.
func (s *Server) handleGetNode(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	data, err := s.nodeDataLocked(c, n)
	if err != nil {
		return nil, err
	}
	results := map[string]any{"data": data}
	if c.flag("state") {
		results["state"] = map[string]any{"properties": map[string]any{"metadata_token": metadataToken(n)}}
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

// pathNodeLocked resolves the {id} path wildcard to an existing node.
func (s *Server) pathNodeLocked(c *call) (*node, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	n, err := s.getNode(id)
	if err != nil {
		return nil, err
	}
	if err := s.checkAccessLocked(c, n, "see"); err != nil {
		return nil, err
	}
	return n, nil
}

// pathNodeAs500Locked is pathNodeLocked for the routes whose vendor spec
// answers an unknown (or invisible) node with a 500 rather than the 400 of
// GET api/v2/nodes/{id}: browse, ancestors, categories and permissions.
// message is the spec's text for it; "%s" is replaced by the id.
func (s *Server) pathNodeAs500Locked(c *call, message string) (*node, error) {
	n, err := s.pathNodeLocked(c)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusBadRequest && ae.Message == msgNoAccess {
		if strings.Contains(message, "%s") {
			return nil, errorf(http.StatusInternalServerError, message, c.r.PathValue("id"))
		}
		return nil, errorf(http.StatusInternalServerError, "%s", message)
	}
	return n, err
}

// msgNoNode is the 500 of browse, ancestors and the category routes for an
// unknown node.
const msgNoNode = "Could not get a node for %s"

// browseLocked selects, sorts and pages the children of the {id} node.
func (s *Server) browseLocked(c *call, container containerFunc) (page []*node, p paging, sortValue string, err error) {
	parent, err := container(c)
	if err != nil {
		return nil, p, "", err
	}
	match, err := whereTypeFilter(c)
	if err != nil {
		return nil, p, "", err
	}
	name := strings.ToLower(c.query.Get("where_name"))
	var kids []*node
	for _, id := range parent.Children {
		n := s.nodes.byID[id]
		if n != nil && match(n) && nameContains(n, name) && s.checkAccessLocked(c, n, "see") == nil {
			kids = append(kids, n)
		}
	}
	sortValue, sortNodes, err := s.browseSort(c.query.Get("sort"))
	if err != nil {
		return nil, p, "", err
	}
	sortNodes(kids)
	pg, limit, err := c.pageRequest(defaultBrowseLimit)
	if err != nil {
		return nil, p, "", err
	}
	page, p = paginate(kids, pg, limit)
	return page, p, sortValue, nil
}

// whereTypeFilter reads the repeatable where_type parameter: -1 containers,
// -2 all (searchable), -3 non-containers, otherwise a subtype. Values are
// OR-ed.
func whereTypeFilter(c *call) (func(*node) bool, error) {
	var types []int
	for _, raw := range c.query["where_type"] {
		for _, part := range strings.Split(raw, ",") {
			t, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil {
				return nil, invalid("where_type", raw)
			}
			types = append(types, t)
		}
	}
	return func(n *node) bool {
		if len(types) == 0 {
			return true
		}
		for _, t := range types {
			switch {
			case t == -1 && n.container(), t == -2, t == -3 && !n.container(), t >= 0 && n.Type == t:
				return true
			}
		}
		return false
	}, nil
}

// nameContains reports whether n's name holds lower (the lower-case
// where_name filter) ignoring case. The caller holds s.mu.
func nameContains(n *node, lower string) bool {
	return lower == "" || strings.Contains(n.lowerName(), lower)
}

// browseSort parses sort=name|asc_name|desc_name|asc_<column>|desc_<column>
// (columns name, create_date, modify_date, size, type, id; default
// asc_name), compared case-insensitively like the server's other
// enumerated values, and returns its normalised value and the function
// sorting nodes by it. Ties go by id. The caller holds s.mu.
func (s *Server) browseSort(raw string) (string, func([]*node), error) {
	if raw == "" {
		raw = "asc_name"
	}
	raw = strings.ToLower(raw)
	dir, col := 1, raw
	switch {
	case strings.HasPrefix(raw, "asc_"):
		col = raw[4:]
	case strings.HasPrefix(raw, "desc_"):
		dir, col = -1, raw[5:]
	}
	var key func(a, b *node) int
	switch col {
	case "name":
		// by the lower-cased names (nameSortCache)
	case "create_date":
		key = func(a, b *node) int { return a.Created.Compare(b.Created) }
	case "modify_date":
		key = func(a, b *node) int { return a.Modified.Compare(b.Modified) }
	case "size":
		key = func(a, b *node) int { return cmp.Compare(a.Size, b.Size) }
	case "type":
		key = func(a, b *node) int { return cmp.Compare(a.Type, b.Type) }
	case "id":
		key = func(a, b *node) int { return 0 }
	default:
		return "", nil, invalid("sort", raw)
	}
	if dir == 1 && !strings.HasPrefix(raw, "asc_") {
		raw = "asc_" + col
	}
	if key == nil {
		return raw, func(nodes []*node) { s.nodes.nameSorts.sort(nodes, dir) }, nil
	}
	return raw, func(nodes []*node) {
		slices.SortFunc(nodes, func(a, b *node) int { return dir * cmp.Or(key(a, b), cmp.Compare(a.ID, b.ID)) })
	}, nil
}

// containerFunc resolves the container a browse route lists: the {id}
// node, or the root of the {type} volume.
type containerFunc func(c *call) (*node, error)

// browseNodeLocked is the containerFunc of the nodes/{id}/nodes routes.
func (s *Server) browseNodeLocked(c *call) (*node, error) { return s.pathNodeAs500Locked(c, msgNoNode) }

// handleBrowseV2 is GET api/v2/nodes/{id}/nodes.
func (s *Server) handleBrowseV2(c *call) (any, error) { return s.browseV2Locked(c, s.browseNodeLocked) }

// browseV2Locked answers a v2 browse of the container.
func (s *Server) browseV2Locked(c *call, container containerFunc) (any, error) {
	page, p, sortValue, err := s.browseLocked(c, container)
	if err != nil {
		return nil, err
	}
	results := make([]any, 0, len(page))
	for _, n := range page {
		data, err := s.nodeDataLocked(c, n)
		if err != nil {
			return nil, err
		}
		results = append(results, dataResult{data})
	}
	return map[string]any{
		"collection": map[string]any{
			"paging":  p,
			"sorting": map[string]any{"sort": []any{map[string]any{"key": "sort", "value": sortValue}}},
		},
		"links":   c.selfLinks(),
		"results": results,
	}, nil
}

// handleBrowseV1 is GET api/v1/nodes/{id}/nodes: the v1 envelope with a
// top-level "data" array of flat, zone-less properties and flat paging.
func (s *Server) handleBrowseV1(c *call) (any, error) { return s.browseV1Locked(c, s.browseNodeLocked) }

// browseV1Locked answers a v1 browse of the container.
func (s *Server) browseV1Locked(c *call, container containerFunc) (any, error) {
	page, p, sortValue, err := s.browseLocked(c, container)
	if err != nil {
		return nil, err
	}
	data := make([]any, 0, len(page))
	for _, n := range page {
		data = append(data, s.propsLocked(n, layoutNoZone))
	}
	out := map[string]any{
		"data":              data,
		"definitions":       map[string]any{},
		"definitions_map":   map[string]any{},
		"definitions_order": []string{},
		"sort":              sortValue,
	}
	p.v1Fields(out)
	return out, nil
}

// handleAncestors is GET api/v1/nodes/{id}/ancestors: the chain from the
// volume down to the node itself.
func (s *Server) handleAncestors(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoNode)
	if err != nil {
		return nil, err
	}
	var out []any
	for _, a := range s.ancestorsLocked(n) {
		out = append(out, map[string]any{
			"id": a.ID, "name": a.Name, "parent_id": a.ParentID, "type": a.Type,
			"type_name": typeName(a.Type), "volume_id": a.VolumeID,
		})
	}
	return map[string]any{"ancestors": out}, nil
}
