package xecmtest

import (
	"slices"
)

// Category values of versions. Content Server keeps category values per
// version (the spec: "the categories on the specified version ... in the
// order they were applied to that version"; POST versions takes "roles"
// categories for the new version). The simulator keeps the node's values
// as those of its latest version and freezes a copy of them into the
// version a new version supersedes, so an older version answers the values
// it had when it was the latest. How the server carries values forward
// when the latest version is deleted is not documented: the simulator
// then answers the node's current values for the new latest.

// versionCats is the frozen category values of a document's versions:
// version number -> category id -> values.
type versionCats map[int][]frozenCategory

type frozenCategory struct {
	ID     int64
	Values map[string]any
}

// installVersionCategories registers the version category route and the
// freezing of values when a version is added.
func (s *Server) installVersionCategories() {
	s.cats.versions = map[int64]versionCats{}
	s.cats.frozenFor = map[int64]int{}
	s.onAuditLocked(func(e AuditEntry) {
		if e.EventType != EventVersionAdded || e.Version < 2 {
			return
		}
		if s.cats.frozenFor[e.NodeID] == e.Version {
			delete(s.cats.frozenFor, e.NodeID) // frozen before the add's own values applied
			return
		}
		s.freezeVersionCategoriesLocked(e.NodeID, e.Version-1)
	})
	s.nodes.hooks.deleted = append(s.nodes.hooks.deleted, func(s *Server, n *node) { delete(s.cats.versions, n.ID) })
	s.nodes.hooks.recycled = append(s.nodes.hooks.recycled, func(s *Server, n *node) func() { return setAside(s.cats.versions, n.ID) })
	s.api("GET /v2/nodes/{id}/versions/{version_number}/categories", s.handleVersionCategories)
}

// freezeVersionCategoriesLocked copies the node's current category values
// into version number, which a new version is about to supersede.
func (s *Server) freezeVersionCategoriesLocked(nodeID int64, number int) {
	if s.cats.versions[nodeID] == nil {
		s.cats.versions[nodeID] = versionCats{}
	}
	s.cats.versions[nodeID][number] = s.categorySnapshotLocked(nodeID)
}

// categorySnapshotLocked copies the category values on a node, by
// category id.
func (s *Server) categorySnapshotLocked(nodeID int64) []frozenCategory {
	ids := make([]int64, 0, len(s.cats.onNode[nodeID]))
	for id := range s.cats.onNode[nodeID] {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]frozenCategory, 0, len(ids))
	for _, id := range ids {
		out = append(out, frozenCategory{ID: id, Values: cloneMap(s.cats.onNode[nodeID][id].Values)})
	}
	return out
}

// freezeBeforeAddLocked freezes the latest version's values before an add
// that sets the new version's own (POST versions with roles), and marks
// the add so that its audit entry does not freeze again.
func (s *Server) freezeBeforeAddLocked(nodeID int64, latest int) {
	s.freezeVersionCategoriesLocked(nodeID, latest)
	s.cats.frozenFor[nodeID] = latest + 1
}

// handleVersionCategories is GET api/v2/nodes/{id}/versions/{version_number}
// /categories (0 is the latest version): results[] as GET categories
// answers them, with metadata when ?metadata is sent; an empty list for a
// version without categories.
func (s *Server) handleVersionCategories(c *call) (any, error) {
	var n *node
	var v *docVersion
	var err error
	if c.r.PathValue("version_number") == "0" {
		var vs []*docVersion
		if n, vs, err = s.documentLocked(c, "see"); err == nil {
			v = vs[len(vs)-1]
		}
	} else {
		n, v, err = s.versionLocked(c, "see")
	}
	if err != nil {
		return nil, err
	}
	vs := s.docs.versions[n.ID]
	cats := s.cats.versions[n.ID][v.Number]
	if v == vs[len(vs)-1] {
		cats = s.categorySnapshotLocked(n.ID)
	}
	results := make([]any, 0, len(cats))
	for _, fc := range cats {
		if d := s.cats.defs[fc.ID]; d != nil {
			results = append(results, s.categoryResult(c, d, &catOnNode{Values: fc.Values}))
		}
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}
