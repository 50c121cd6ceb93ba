package xecmtest

import "net/http"

// handleMapDefinition serves a workflow map's definition (the spec's
// processes_WorkflowDefinitionInfo). The simulator's maps carry no data
// packages (no workflow attributes or attachments folder) and no roles,
// so those lists are empty. The spec gives each task "type" and
// "sub_type" ids without saying their values for a user step, so the
// simulator leaves them out rather than invent them.
func (s *Server) handleMapDefinition(c *call) (any, error) {
	id, err := c.firstPathID("map_id", "workflowmap_id")
	if err != nil {
		return nil, err
	}
	n := s.nodes.byID[id]
	if n == nil || !s.canLocked(c.userID(), n, "see") {
		return nil, errorf(http.StatusBadRequest, "Error getting node from ID")
	}
	m := s.wf.maps[id]
	if m == nil {
		// The spec lists no other answer for a node that is no map; the
		// draft process POST answers so for one.
		return nil, errorf(http.StatusBadRequest, "Could not Loadmap")
	}
	tasks := []any{}
	for i, st := range m.Steps {
		t := &wfTask{wfStep: st}
		tasks = append(tasks, map[string]any{"task_id": i + 1, "title": st.Name, "description": "", "instructions": t.instructions()})
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"definition": map[string]any{
		"workflow_id": id, "data_packages": []any{}, "tasks": tasks,
	}}}, nil
}
