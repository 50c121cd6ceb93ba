package xecmtest

import (
	"slices"
	"strconv"
	"strings"
)

// The related-items pick list: the workspaces a workspace can be related
// to (GET api/v2/businessworkspaces/{bw_id}/relateditemspicklist), the
// Smart UI's "add related workspace" search (conws relatedworkspaces
// .searchresult.model.js). The answer has the layout of the workspace
// list (the spec's V2BusinessWorkspacesResult, top-level paging).
//
// The server also limits the candidates by the relation types configured
// between workspace types; the simulator configures none (POST
// relateditems relates any two workspaces), so its candidates are every
// workspace the caller can see, other than this one and those already
// related to it with the asked relation type.

func (s *Server) installWorkspacePicklist() {
	s.api("GET /v2/businessworkspaces/{bw_id}/relateditemspicklist", s.handleRelatedPicklist)
}

// picklistNameFilter reads where_name of the pick list, whose spec writes
// the prefix filter "starts_with_" (the workspace list's is "startswith_").
func picklistNameFilter(raw string) func(string) bool {
	if rest, ok := strings.CutPrefix(strings.ToLower(raw), "starts_with_"); ok {
		return func(n string) bool { return strings.HasPrefix(strings.ToLower(n), rest) }
	}
	return nameFilter(raw)
}

func (s *Server) handleRelatedPicklist(c *call) (any, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	typ, err := relType(c.query.Get("where_rel_type"))
	if err != nil {
		return nil, err
	}
	typeIDs := map[int64]bool{}
	for _, raw := range listParam(c.query.Get("where_workspace_type_ids")) {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, invalid("where_workspace_type_ids", raw)
		}
		typeIDs[id] = true
	}
	match := picklistNameFilter(c.query.Get("where_name"))
	var hits []*workspace
	for _, w := range s.ws.byNode {
		on := s.nodes.byID[w.NodeID]
		if w.NodeID == n.ID || on == nil || !s.canLocked(c.userID(), on, "see") {
			continue
		}
		if slices.Contains(s.ws.relations, relationOf(n.ID, w.NodeID, typ)) {
			continue
		}
		if len(typeIDs) > 0 && !typeIDs[w.TypeID] || !match(on.Name) {
			continue
		}
		hits = append(hits, w)
	}
	s.sortWorkspacesLocked(hits, c.query.Get("sort"))
	return s.workspacePageLocked(c, hits)
}
