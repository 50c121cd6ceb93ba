package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
)

func (s *Server) installNodeRoutes() {
	s.api("GET /v2/nodes/{id}", s.handleGetNode)
	s.api("GET /v2/nodes/{id}/nodes", s.handleBrowseV2)
	s.api("GET /v1/nodes/{id}/nodes", s.handleBrowseV1)
	s.api("GET /v1/nodes/{id}/ancestors", s.handleAncestors)
	s.api("POST /v2/nodes", s.handleCreateNode)
	s.api("PUT /v2/nodes/{id}", s.handleUpdateNode)
	s.api("DELETE /v2/nodes/{id}", s.handleDeleteNode)
}

// handleCreateNode is POST api/v2/nodes: copy when original_id is given,
// otherwise create through the create hook of the "type".
func (s *Server) handleCreateNode(c *call) (any, error) {
	n, err := s.createOrCopyLocked(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": map[string]any{"properties": s.propsLocked(n, layoutV2)}}}, nil
}

// createOrCopyLocked is the work of POST v1 and v2 nodes.
func (s *Server) createOrCopyLocked(c *call) (*node, error) {
	if t, _ := c.params.str("type"); c.params.has("original_id") && t != strconv.Itoa(TypeShortcut) {
		return s.copyLocked(c)
	}
	return s.createLocked(c)
}

func (s *Server) createLocked(c *call) (*node, error) {
	typ, ok, err := c.params.int64("type")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("type")
	}
	parentID, ok, err := c.params.int64("parent_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("parent_id")
	}
	name, _ := c.params.str("name")
	desc, _ := c.params.str("description")
	if parent, err := s.getNode(parentID); err == nil {
		if err := s.checkAccessLocked(c, parent, "add_items"); err != nil {
			return nil, err
		}
	}
	hook := s.nodes.hooks.create[int(typ)]
	if hook == nil {
		return nil, errorf(http.StatusBadRequest, "Could not create a new %s", typeName(int(typ)))
	}
	n, err := hook(s, c, newNode{ParentID: parentID, Type: int(typ), Name: name, Description: desc})
	if err != nil {
		return nil, err
	}
	s.createdLocked(n)
	// The entries the roles write (categories, classifications) follow the
	// Create, as they would on a server that creates and then applies.
	s.holdAuditLocked(n.ID)
	if err := s.applyRolesLocked(c, n); err != nil {
		s.releaseAuditLocked(false)
		return nil, err
	}
	s.releaseAuditLocked(true, AuditEntry{NodeID: n.ID, EventType: EventCreate, UserID: c.userID()})
	return n, nil
}

// applyRolesLocked runs the role hooks for the members of "roles"; on
// failure the new node is removed again.
func (s *Server) applyRolesLocked(c *call, n *node) error {
	raw, ok := c.params.raw("roles")
	if !ok {
		return nil
	}
	roles, isMap := raw.(map[string]any)
	if !isMap {
		s.removeSubtreeLocked(n)
		return invalid("roles", raw)
	}
	for name, v := range roles {
		if h := s.nodes.hooks.roles[name]; h != nil {
			if err := h(s, c, n, v); err != nil {
				s.removeSubtreeLocked(n)
				return err
			}
		}
	}
	return nil
}

// copyLocked copies original_id (and, for containers, its subtree) into
// parent_id, optionally renaming the top copy. Audit: Copy on the source,
// Create from Copy on every new node.
func (s *Server) copyLocked(c *call) (*node, error) {
	srcID, _, err := c.params.int64("original_id")
	if err != nil {
		return nil, err
	}
	parentID, ok, err := c.params.int64("parent_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("parent_id")
	}
	src, err := s.getNode(srcID)
	if err != nil {
		return nil, err
	}
	parent, err := s.getNode(parentID)
	if err != nil {
		return nil, err
	}
	if slices.Contains(s.ancestorsLocked(parent), src) {
		return nil, errorf(http.StatusBadRequest, "Cannot copy an item into itself or one of its descendants.")
	}
	name := src.Name
	if v, ok := c.params.str("name"); ok && v != "" {
		name = v
	}
	var created []*node
	top, err := s.copyTreeLocked(c, src, parent.ID, name, &created)
	if err != nil {
		for i := len(created) - 1; i >= 0; i-- {
			s.removeSubtreeLocked(created[i])
		}
		return nil, err
	}
	if err := s.applyRolesLocked(c, top); err != nil {
		return nil, err
	}
	s.recordLocked(AuditEntry{NodeID: src.ID, EventType: EventCopy, UserID: c.userID()})
	for _, n := range created {
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventCreateFromCopy, UserID: c.userID()})
	}
	return top, nil
}

func (s *Server) copyTreeLocked(c *call, src *node, parentID int64, name string, created *[]*node) (*node, error) {
	dst, err := s.insertNodeLocked(newNode{
		ParentID: parentID, Type: src.Type, Name: name, Description: src.Description,
		Size: src.Size, MimeType: src.MimeType, Props: cloneMap(src.Props),
	}, c.userID())
	if err != nil {
		return nil, err
	}
	*created = append(*created, dst)
	dst.DescriptionML = cloneMap(src.DescriptionML)
	if name == src.Name {
		dst.NameML = cloneMap(src.NameML)
	}
	for _, h := range s.nodes.hooks.copied {
		if err := h(s, c, src, dst); err != nil {
			return nil, err
		}
	}
	for _, kid := range slices.Clone(src.Children) {
		if k := s.nodes.byID[kid]; k != nil {
			if _, err := s.copyTreeLocked(c, k, dst.ID, k.Name, created); err != nil {
				return nil, err
			}
		}
	}
	return dst, nil
}

// handleDeleteNode is DELETE api/v2/nodes/{id}: the node and its subtree
// disappear (the real server moves them to the Recycle Bin).
func (s *Server) handleDeleteNode(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	n := s.nodes.byID[id]
	if n == nil {
		return nil, errorf(http.StatusInternalServerError, "Could not get a node for %d", id)
	}
	if n.ParentID < 0 {
		return nil, errorf(http.StatusBadRequest, "Could not process object, invalid action 'delete'")
	}
	if err := s.checkAccessLocked(c, n, "delete"); err != nil {
		return nil, err
	}
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventDelete, UserID: c.userID()})
	s.recycleLocked(n, c.userID())
	s.removeSubtreeLocked(n)
	return c.emptyResults(), nil
}

// removeSubtreeLocked unlinks n from its parent and forgets it and all of
// its descendants, running the delete hooks.
func (s *Server) removeSubtreeLocked(n *node) {
	if p := s.nodes.byID[n.ParentID]; p != nil {
		p.Children = slices.DeleteFunc(p.Children, func(id int64) bool { return id == n.ID })
	}
	var drop func(*node)
	drop = func(x *node) {
		for _, kid := range x.Children {
			if k := s.nodes.byID[kid]; k != nil {
				drop(k)
			}
		}
		delete(s.nodes.byID, x.ID)
		for _, h := range s.nodes.hooks.deleted {
			h(s, x)
		}
	}
	drop(n)
}
