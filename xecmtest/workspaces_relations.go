package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func (s *Server) installWorkspaceRelations() {
	s.api("GET /v2/businessworkspaces/{bw_id}/relateditems", s.handleRelated)
	s.api("POST /v2/businessworkspaces/{bw_id}/relateditems", s.handleAddRelation)
	s.api("DELETE /v2/businessworkspaces/{bw_id}/relateditems/{rel_bw_id}", s.handleRemoveRelation)
	s.installWorkspacePicklist()
}

// listParam reads a list query parameter in any of the forms clients
// send: "a,b", "{a,b}" or "{'a','b'}".
func listParam(raw string) []string {
	raw = strings.Trim(strings.TrimSpace(raw), "{}")
	var out []string
	for _, p := range strings.Split(raw, ",") {
		if p = strings.Trim(strings.TrimSpace(p), `'"`); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func relType(raw string) (string, error) {
	switch t := strings.ToLower(raw); t {
	case "", "child":
		return "child", nil
	case "parent":
		return "parent", nil
	default:
		return "", invalid("rel_type", raw)
	}
}

func (s *Server) handleRelated(c *call) (any, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	types := listParam(c.query.Get("where_rel_types"))
	if old := c.query.Get("where_relationtype"); old != "" {
		types = append(types, old)
	}
	want := map[string]bool{}
	for _, t := range types {
		rt, err := relType(t)
		if err != nil {
			return nil, err
		}
		want[rt] = true
	}
	typeIDs := map[int64]bool{}
	for _, raw := range append(listParam(c.query.Get("where_workspace_type_ids")), listParam(c.query.Get("where_workspace_type_id"))...) {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, invalid("where_workspace_type_ids", raw)
		}
		typeIDs[id] = true
	}
	prefix := strings.ToLower(c.query.Get("where_name"))
	var hits []*workspace
	for _, r := range s.ws.relations {
		var other int64
		switch {
		case r.Parent == n.ID && (len(want) == 0 || want["child"]):
			other = r.Child
		case r.Child == n.ID && (len(want) == 0 || want["parent"]):
			other = r.Parent
		default:
			continue
		}
		w, on := s.ws.byNode[other], s.nodes.byID[other]
		if w == nil || on == nil || !s.canLocked(c.userID(), on, "see") {
			continue
		}
		if len(typeIDs) > 0 && !typeIDs[w.TypeID] || !strings.HasPrefix(strings.ToLower(on.Name), prefix) {
			continue
		}
		hits = append(hits, w)
	}
	s.sortWorkspacesLocked(hits, c.query.Get("sort"))
	return s.workspacePageLocked(c, hits)
}

// relationOf returns the stored pair for a relation seen from ws.
func relationOf(ws, rel int64, typ string) wsRelation {
	if typ == "parent" {
		return wsRelation{Parent: rel, Child: ws}
	}
	return wsRelation{Parent: ws, Child: rel}
}

func (s *Server) handleAddRelation(c *call) (any, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	if err := s.requireLocked(c.userID(), n, "edit_attributes"); err != nil {
		return nil, err
	}
	relID, ok, err := c.params.int64("rel_bw_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("rel_bw_id")
	}
	if _, _, err := s.workspaceLocked(c, relID); err != nil {
		return nil, err
	}
	raw, _ := c.params.str("rel_type")
	typ, err := relType(raw)
	if err != nil {
		return nil, err
	}
	if relID == n.ID {
		return nil, errorf(http.StatusBadRequest, "A business workspace cannot be related to itself.")
	}
	rel := relationOf(n.ID, relID, typ)
	if slices.Contains(s.ws.relations, rel) {
		return nil, errorf(http.StatusInternalServerError, "The relation already exists.")
	}
	s.ws.relations = append(s.ws.relations, rel)
	return c.emptyResults(), nil
}

func (s *Server) handleRemoveRelation(c *call) (any, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	if err := s.requireLocked(c.userID(), n, "edit_attributes"); err != nil {
		return nil, err
	}
	relID, err := c.pathID("rel_bw_id")
	if err != nil {
		return nil, err
	}
	typ, err := relType(c.query.Get("rel_type"))
	if err != nil {
		return nil, err
	}
	rel := relationOf(n.ID, relID, typ)
	i := slices.Index(s.ws.relations, rel)
	if i < 0 {
		return nil, errorf(http.StatusBadRequest, "The relation to the business workspace %d could not be found.", relID)
	}
	s.ws.relations = slices.Delete(s.ws.relations, i, i+1)
	return c.emptyResults(), nil
}
