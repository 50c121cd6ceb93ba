package xecmtest

import (
	"net/http"
	"slices"
)

// Business objects and the workspaces that stand for them (reference §6):
// the workspace of any node, a workspace by business object, setting a
// workspace's reference, and the business object types.
//
// Only GET api/v1/nodes/{id}/businessworkspace is in a vendor spec; the
// others are the routes OpenText's pyxecm calls, listed with that source
// in specroutes.Supplements.
func (s *Server) installBusinessObjects() {
	s.api("GET /v1/nodes/{id}/businessworkspace", s.handleNodeWorkspace)
	s.api("GET /v2/externalsystems/{ext_system_id}/botypes/{bo_type}/boids/{bo_id}", s.handleWorkspaceByBO)
	s.api("PUT /v2/businessworkspaces/{bw_id}/workspacereferences", s.handleSetReference)
	s.api("GET /v2/businessobjecttypes", s.handleBOTypes)
}

// handleNodeWorkspace is GET api/v1/nodes/{id}/businessworkspace: the
// nearest business workspace at or above the node, as
// {"id":346184,"isLinked":false,"type":848,"workspace_type_id":5}
// (pyxecm's docstring). isLinked tells whether the workspace stands for a
// business object. What the server answers for a node outside any
// workspace is not documented; the simulator answers 400 "could not be
// found", the server's wording for a missing item.
func (s *Server) handleNodeWorkspace(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	chain := s.ancestorsLocked(n)
	for i := len(chain) - 1; i >= 0; i-- {
		if w := s.ws.byNode[chain[i].ID]; w != nil {
			return map[string]any{"id": w.NodeID, "isLinked": len(w.Refs) > 0, "type": TypeBusinessWorkspace, "workspace_type_id": w.TypeID}, nil
		}
	}
	return nil, errorf(http.StatusBadRequest, "The business workspace of node %d could not be found.", n.ID)
}

// handleWorkspaceByBO is GET api/v2/externalsystems/{ext}/botypes/{type}/
// boids/{id}: the workspaces the caller may see that stand for the
// business object, as the list of GET api/v2/businessworkspaces ("results
// list + top-level paging", pyxecm's get_workspace_by_business_object).
func (s *Server) handleWorkspaceByBO(c *call) (any, error) {
	bo := boKey{c.r.PathValue("ext_system_id"), c.r.PathValue("bo_type"), c.r.PathValue("bo_id")}
	var hits []*workspace
	if w := s.workspaceOfBOLocked(bo); w != nil {
		if n := s.nodes.byID[w.NodeID]; n != nil && s.canLocked(c.userID(), n, "see") {
			hits = append(hits, w)
		}
	}
	return s.workspacePageLocked(c, hits)
}

// handleSetReference is PUT api/v2/businessworkspaces/{bw_id}/
// workspacereferences with ext_system_id, bo_type and bo_id (pyxecm's
// set_workspace_reference): the workspace stands for the business object
// from now on, besides any it stood for.
func (s *Server) handleSetReference(c *call) (any, error) {
	wsID, err := c.pathID("bw_id")
	if err != nil {
		return nil, err
	}
	bo, hasBO, err := readBO(c.params)
	if err != nil {
		return nil, err
	}
	if _, err := s.addReferenceLocked(c, wsID, bo, hasBO); err != nil {
		return nil, err
	}
	return c.emptyResults(), nil
}

// handleBOTypes is GET api/v2/businessobjecttypes: the business object
// types the workspace types serve, results[].data.properties =
// {bo_type, bo_type_id, bo_type_name, ext_system_id, is_default_Search,
// workspace_type_id} (pyxecm's docstring). The simulator numbers them in
// the order of the workspace types.
func (s *Server) handleBOTypes(c *call) (any, error) {
	results := []any{}
	id := int64(0)
	for _, t := range s.workspaceTypesLocked() {
		for _, bt := range t.BOTypes {
			id++
			results = append(results, map[string]any{"data": map[string]any{"properties": map[string]any{
				"bo_type": bt.BOType, "bo_type_id": id, "bo_type_name": bt.ExtSystemID + " " + bt.BOType,
				"ext_system_id": bt.ExtSystemID, "is_default_Search": false, "workspace_type_id": t.ID,
			}}})
		}
	}
	return map[string]any{"links": c.selfLinks(), "results": results, "paging": map[string]any{"page": 1, "limit": len(results),
		"page_total": 1, "range_min": min(1, len(results)), "range_max": len(results), "total_count": len(results)}}, nil
}

// workspaceTypesLocked lists the workspace types by id.
func (s *Server) workspaceTypesLocked() []*wsType {
	ids := make([]int64, 0, len(s.ws.types))
	for id := range s.ws.types {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]*wsType, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.ws.types[id])
	}
	return out
}
