package xecmtest

import (
	"maps"
	"slices"
)

// GET api/v2/members/objecttypes (the spec's ObjectTypes: "the list of
// Object Types that can be created by the authenticated user") answers
// results.data.objects [{type, type_name}]. On a real server the list
// follows the object creation privileges, which the simulator does not
// model: every user may create every subtype POST api/v2/nodes creates
// here, and the list is those subtypes, by number.

func (s *Server) installMembersObjectTypes() {
	s.api("GET /v2/members/objecttypes", s.handleObjectTypes)
}

func (s *Server) handleObjectTypes(c *call) (any, error) {
	types := slices.Sorted(maps.Keys(s.nodes.hooks.create))
	objects := make([]any, 0, len(types))
	for _, t := range types {
		objects = append(objects, map[string]any{"type": t, "type_name": typeName(t)})
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": map[string]any{"objects": objects}}}, nil
}
