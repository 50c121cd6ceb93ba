package xecmtest

// The v1 node and version routes that older clients (@kweli/cs-rest, the
// Smart UI's v1 models, scripts written for Content Server 10.5) still use.
// They share the work of the v2 routes and differ in the envelope: a
// top-level "data" with zone-less dates and "definitions" beside it.

func (s *Server) installNodeRoutesV1() {
	s.api("GET /v1/nodes/{id}", s.handleGetNodeV1)
	s.api("POST /v1/nodes", s.handleCreateNodeV1)
	s.api("PUT /v1/nodes/{id}", v1Empty(s.handleUpdateNode))
	s.api("DELETE /v1/nodes/{id}", v1Empty(s.handleDeleteNode))
}

// installVersionRoutesV1 registers the v1 version routes (from
// installDocuments, which owns the versions).
func (s *Server) installVersionRoutesV1() {
	s.api("GET /v1/nodes/{id}/versions", s.handleListVersionsV1)
	s.api("POST /v1/nodes/{id}/versions", s.handleAddVersionV1)
	s.api("GET /v1/nodes/{id}/versions/{version_number}", s.handleGetVersionV1)
	s.api("PUT /v1/nodes/{id}/versions/{version_number}", v1Empty(s.handleUpdateVersion))
	s.api("DELETE /v1/nodes/{id}/versions/{version_number}", v1Empty(s.handleDeleteVersion))
}

// v1Empty serves a v1 change whose spec declares no answer body ("ok") by
// the v2 handler's work, answering {}. No recorded answer of these v1
// routes is at hand; clients (cs-rest) read only the status.
func v1Empty(h jsonHandler) jsonHandler {
	return func(c *call) (any, error) {
		if _, err := h(c); err != nil {
			return nil, err
		}
		return map[string]any{}, nil
	}
}

// handleGetNodeV1 is GET api/v1/nodes/{id} (spec nodes_InfoResult): the
// node's properties under "data", its type beside them. The spec's fields
// parameter names top-level members ("fields=data&fields=definitions").
func (s *Server) handleGetNodeV1(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	return s.nodeV1Locked(c, n)
}

// nodeV1Locked renders a node in the v1 envelope (GET api/v1/nodes/{id},
// GET api/v1/volumes/{type}).
func (s *Server) nodeV1Locked(c *call, n *node) (any, error) {
	out := map[string]any{
		"addable_types":     []any{},
		"available_actions": []any{},
		"available_roles":   []any{},
		"data":              s.propsLocked(n, layoutNoZone),
		"definitions":       map[string]any{},
		"definitions_base":  []string{},
		"definitions_order": []string{},
		"type":              n.Type,
		"type_name":         typeName(n.Type),
	}
	if fields := c.query["fields"]; len(fields) > 0 {
		kept := map[string]any{}
		for _, f := range fields {
			for _, name := range splitTopLevel(f) {
				v, ok := out[name]
				if !ok {
					return nil, invalid("fields", f)
				}
				kept[name] = v
			}
		}
		out = kept
	}
	return out, nil
}

// handleCreateNodeV1 is POST api/v1/nodes: create or copy as in v2, answering
// {"id": N} (spec nodes_CreateResponse; cs-rest reads response.data.id).
func (s *Server) handleCreateNodeV1(c *call) (any, error) {
	n, err := s.createOrCopyLocked(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": n.ID}, nil
}

// handleListVersionsV1 is GET api/v1/nodes/{id}/versions (spec
// versions_VersionsInfo): every version, oldest first, under "data".
func (s *Server) handleListVersionsV1(c *call) (any, error) {
	n, vs, err := s.documentLocked(c, "see_contents")
	if err != nil {
		return nil, err
	}
	data := make([]any, 0, len(vs))
	for _, v := range vs {
		data = append(data, s.versionJSON(n, v, dateNoZone))
	}
	return map[string]any{"data": data, "definitions": map[string]any{}}, nil
}

// handleGetVersionV1 is GET api/v1/nodes/{id}/versions/{version_number}.
// The spec's versions_OneVersionInfo shows "data" as an array, but the same
// route with the number "latest" answers one object (pyxecm reads
// ["data"]["version_number"]), and "latest" is only a value of the
// number here, so a numbered version answers the same shape.
func (s *Server) handleGetVersionV1(c *call) (any, error) {
	n, v, err := s.versionLocked(c, "see_contents")
	if err != nil {
		return nil, err
	}
	return map[string]any{"data": s.versionJSON(n, v, dateNoZone), "definitions": map[string]any{}}, nil
}

// handleAddVersionV1 is POST api/v1/nodes/{id}/versions, answering the
// spec's versions_NewVersionInfo.
func (s *Server) handleAddVersionV1(c *call) (any, error) {
	_, v, err := s.addVersionLocked(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": v.ID, "version_number": v.Number}, nil
}
