package xecmtest

import (
	"cmp"
	"maps"
	"slices"
)

// The workspace types a user can create in a container: GET api/v1/nodes/
// {id}/businessworkspacetypes, which OpenText's Smart UI reads to build the
// "Add" menu of a folder (conws/utils/commands/tabletoolbar.extension.js:
// one menu item per template; its mocks answer {"businessworkspacetypes":
// [{id, name, templates: [{id, name, subType}]}]}, an empty list where
// nothing can be added).
//
// The server also honours each type's configured creation location; the
// simulator configures none (POST businessworkspaces creates any type in
// any container the caller may add items to), so a container the caller
// may add items to offers every type, and any other node none.

func (s *Server) installCreatableWorkspaceTypes() {
	s.api("GET /v1/nodes/{id}/businessworkspacetypes", s.handleCreatableWorkspaceTypes)
}

func (s *Server) handleCreatableWorkspaceTypes(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	out := []any{}
	if n.container() && s.canLocked(c.userID(), n, "add_items") {
		types := slices.SortedFunc(maps.Values(s.ws.types), func(a, b *wsType) int { return cmp.Compare(a.ID, b.ID) })
		for _, t := range types {
			tpls := []any{}
			for _, id := range t.Templates {
				tpls = append(tpls, map[string]any{"id": id, "name": s.ws.templates[id].Name, "subType": TypeBusinessWorkspace})
			}
			out = append(out, map[string]any{"id": t.ID, "name": t.Name, "rm_enabled": t.RMEnabled, "templates": tpls})
		}
	}
	return map[string]any{"businessworkspacetypes": out}, nil
}
