package xecmtest

import (
	"fmt"
	"net/http"
	"strconv"
)

// The start form of a draft process (GET api/v1/forms/draftprocesses,
// the spec's forms_WorkflowPropertiesFormInfo), as pyxecm's
// OTCS.get_draft_process docstring shows it: "data" with the action
// Initiate (labelled "Start"), the map's title and instructions, the
// workflow_type, and "forms" whose general form holds the fields a
// formUpdate sets, WorkflowForm_Title and WorkflowForm_WorkflowDueDate
// (the field IDs pyxecm's update_draft_process sends). The simulator's
// maps have no attribute data packages, so the general form is the only
// one. pyxecm reads it at v1/forms/draftprocesses/update, a path the spec
// does not declare; the simulator serves the spec's.

func (s *Server) installWorkflowDrafts() {
	s.api("GET /v1/forms/draftprocesses", s.handleDraftForm)
}

func (s *Server) handleDraftForm(c *call) (any, error) {
	raw := c.query.Get("draftprocess_id")
	if raw == "" {
		return nil, errorf(http.StatusBadRequest, "Argument 'draftprocess_id' is required")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "Invalid datatype specified for argument 'draftprocess_id'")
	}
	d := s.wf.drafts[id]
	if d == nil || d.Initiator != c.userID() {
		return nil, errorf(http.StatusInternalServerError, "Could not get a draft workflow for %d", id)
	}
	mapName := s.nodes.byID[d.MapID].Name
	data := map[string]any{
		"process_id": d.ID, "subprocess_id": 0, "task_id": 0,
		"title": mapName, "instructions": "", "priority": 50,
		"comments_on": true, "attachments_on": false, "data_packages": []any{},
		"actions":        []any{map[string]any{"key": "Initiate", "label": "Start"}},
		"custom_actions": []any{}, "message": nil, "member_accept": false, "authentication": false,
	}
	if len(d.Docs) > 0 {
		data["workflow_type"] = "1_1" // as the draft's POST answered
	}
	return map[string]any{"data": data, "forms": []any{draftAlpacaForm(d, mapName)}}, nil
}

// draftAlpacaForm is the general form of the start step: the title
// (the map's name until set) and the due date, with what formUpdate saved.
func draftAlpacaForm(d *wfDraft, mapName string) map[string]any {
	data := map[string]any{"WorkflowForm_Title": mapName, "WorkflowForm_WorkflowDueDate": nil}
	for k, v := range d.Values {
		data[k] = v
	}
	field := func(label, typ string) map[string]any {
		return map[string]any{"hidden": false, "hideInitValidationError": true, "label": label, "readonly": false, "type": typ}
	}
	return map[string]any{
		"data": data,
		"options": map[string]any{
			"fields": map[string]any{
				"WorkflowForm_Title":           field("Title", "text"),
				"WorkflowForm_WorkflowDueDate": field("Due Date", "datetime"),
			},
			"form": map[string]any{"attributes": map[string]any{"action": fmt.Sprintf("api/v2/draftprocesses/%d", d.ID), "method": "PUT"}},
		},
		"schema": map[string]any{"type": "object", "properties": map[string]any{
			"WorkflowForm_Title":           map[string]any{"type": "string", "title": "Title", "readonly": false, "required": true, "maxLength": 248},
			"WorkflowForm_WorkflowDueDate": map[string]any{"type": "string", "title": "Due Date", "readonly": false, "required": false, "format": "datetime"},
		}},
	}
}
