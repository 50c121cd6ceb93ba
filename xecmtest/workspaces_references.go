package xecmtest

import (
	"net/http"
	"slices"
)

// installWorkspaceReferences serves removing a business object reference.
// Adding one is a create with ibo_workspace_id (handleCreateWorkspace).
//
// The vendor specs declare no route for the removal; the server's, as
// OpenText's pyxecm calls it, takes the business object as form fields in
// the DELETE body (see specroutes.Supplements).
func (s *Server) installWorkspaceReferences() {
	s.api("DELETE /v2/businessworkspaces/{bw_id}/workspacereferences", s.handleRemoveReference)
}

// addReferenceLocked links one more business object to a workspace; a
// business object already linked to it is no change.
func (s *Server) addReferenceLocked(c *call, wsID int64, bo boKey, hasBO bool) (any, error) {
	w, n, err := s.referenceTargetLocked(c, wsID, hasBO)
	if err != nil {
		return nil, err
	}
	if other := s.workspaceOfBOLocked(bo); other != nil && other != w {
		return nil, errorf(http.StatusInternalServerError, "A business workspace for the business object %s/%s/%s already exists.", bo.ExtSystemID, bo.BOType, bo.BOID)
	}
	if !slices.Contains(w.Refs, bo) {
		w.Refs = append(w.Refs, bo)
		s.referencesChangedLocked(c, n)
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"id": n.ID, "direct_open": true, "sub_folder_id": 0}}, nil
}

// handleRemoveReference unlinks a business object from a workspace. The
// workspace stays; without references it is one without business object,
// and with its first reference gone the next one becomes the main one.
func (s *Server) handleRemoveReference(c *call) (any, error) {
	wsID, err := c.pathID("bw_id")
	if err != nil {
		return nil, err
	}
	bo, hasBO, err := readBO(c.params)
	if err != nil {
		return nil, err
	}
	w, n, err := s.referenceTargetLocked(c, wsID, hasBO)
	if err != nil {
		return nil, err
	}
	i := slices.Index(w.Refs, bo)
	if i < 0 {
		return nil, errorf(http.StatusBadRequest, "The business object %s/%s/%s is not linked to the business workspace %d.", bo.ExtSystemID, bo.BOType, bo.BOID, n.ID)
	}
	w.Refs = slices.Delete(w.Refs, i, i+1)
	s.referencesChangedLocked(c, n)
	return c.emptyResults(), nil
}

// referenceTargetLocked resolves the workspace of a reference change and
// checks that the request names a business object and that the caller may
// change the workspace.
func (s *Server) referenceTargetLocked(c *call, wsID int64, hasBO bool) (*workspace, *node, error) {
	w, n, err := s.workspaceLocked(c, wsID)
	if err != nil {
		return nil, nil, err
	}
	if !hasBO {
		return nil, nil, missing("bo_id")
	}
	if err := s.requireLocked(c.userID(), n, "edit_attributes"); err != nil {
		return nil, nil, err
	}
	return w, n, nil
}

// referencesChangedLocked records a change of a workspace's references,
// audited here as an attribute change of the workspace (what the server
// audits for it is not documented).
func (s *Server) referencesChangedLocked(c *call, n *node) {
	s.touchLocked(n, c.userID())
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventAttributeValueChanged, UserID: c.userID()})
}
