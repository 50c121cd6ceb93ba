package xecmtest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
)

// Starting workflows on documents: the maps offered for documents (GET
// api/v2/docworkflows, which no spec declares: OpenText's pyxecm,
// OTCS.get_document_workflows, and Smart UI, workflow.model.js
// getDocumentWorkflows, call it with repeated doc_id and a parent_id,
// -1 for none) and the one-call start of a map whose start step is
// disabled (POST api/v2/draftprocesses/startwf).
//
// The answer's shape is pyxecm's docstring: results.data lists
// {DataID, Name, WorkflowType} with WorkflowType 100, beside fError,
// fErrorDetail and statusMsg (which the Smart UI shows as an error when
// set). Which maps a real server offers depends on its document workflow
// configuration, which is not documented; the simulator offers every map
// the user may see, for documents the user may see.

func (s *Server) installWorkflowDocs() {
	s.api("GET /v2/docworkflows", s.handleDocWorkflows)
	s.api("POST /v2/draftprocesses/startwf", s.handleStartWorkflow)
}

func (s *Server) handleDocWorkflows(c *call) (any, error) {
	ids := c.query["doc_id"]
	if len(ids) == 0 {
		return nil, missing("doc_id")
	}
	for _, raw := range ids {
		id, err := strconv.ParseInt(raw, 10, 64)
		n := s.nodes.byID[id]
		if err != nil || n == nil || !s.canLocked(c.userID(), n, "see") {
			return nil, errorf(http.StatusBadRequest, "Error getting node from ID")
		}
	}
	if raw := c.query.Get("parent_id"); raw != "" {
		if _, err := strconv.ParseInt(raw, 10, 64); err != nil {
			return nil, invalid("parent_id", raw)
		}
	}
	var maps []*node
	for id := range s.wf.maps {
		if n := s.nodes.byID[id]; n != nil && s.canLocked(c.userID(), n, "see") {
			maps = append(maps, n)
		}
	}
	slices.SortFunc(maps, func(a, b *node) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	data := []any{}
	for _, n := range maps {
		data = append(data, map[string]any{"DataID": n.ID, "Name": n.Name, "WorkflowType": 100})
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{
		"data": data, "fError": "", "fErrorDetail": "", "statusMsg": nil,
	}}, nil
}

// handleStartWorkflow starts a map whose start step is disabled, with
// the documents attached, as a draft initiated at once would.
func (s *Server) handleStartWorkflow(c *call) (any, error) {
	mapID, err := mapIDParam(c)
	if err != nil {
		return nil, err
	}
	m := s.wf.maps[mapID]
	if n := s.nodes.byID[mapID]; m == nil || n == nil || !s.canLocked(c.userID(), n, "see") {
		return nil, errorf(http.StatusBadRequest, "Error getting node from ID")
	}
	if !m.NoStartStep {
		return nil, errorf(http.StatusBadRequest, "This REST API only initiates workflows with a disabled start step. "+
			"The workflow's start step is enabled. Hence this operation will not be successful.")
	}
	docs, err := s.docIDsLocked(c)
	if err != nil {
		return nil, err
	}
	s.wf.nextID++
	p := s.initiateLocked(c, &wfDraft{ID: s.wf.nextID, MapID: mapID, Initiator: c.userID(), Docs: docs, Values: map[string]any{}})
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"custom_message": nil, "process_id": p.ID}}, nil
}
