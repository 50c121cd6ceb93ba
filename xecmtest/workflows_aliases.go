package xecmtest

// The 2.0.2 spec declares the workflow routes a second time under
// /v2/workflows (draft instances, instances, workflowid/...): the same
// operations with the same parameters and answers under other names. The
// simulator serves them with the same handlers, so that a client written
// against either set of names finds the same server.
func (s *Server) installWorkflowAliases() {
	s.api("POST /v2/workflows/draftinstances", s.handleCreateDraft)
	s.api("POST /v2/workflows/draftinstances/startwf", s.handleStartWorkflow)
	s.api("PUT /v2/workflows/draftinstances/{draftinstance_id}", s.handleUpdateDraft)
	s.api("GET /v2/workflows/instances/status", s.handleWorkflowStatusList)
	s.api("GET /v2/workflows/status/instances/{workflowinstance_id}", s.handleWorkflowStatus)
	s.api("PUT /v2/workflows/instances/{workflowinstance_id}/status", s.handleProcessStatus)
	s.api("DELETE /v2/workflows/instances/{workflowinstance_id}", s.handleDeleteProcess)
	s.api("PUT /v2/workflows/workflowid/{workflowinstance_id}/subworkflows/{subworkflowinstance_id}/tasks/{task_id}", s.handleTaskAction)
	s.api("GET /v2/workflows/{workflowmap_id}/definition", s.handleMapDefinition)
}

// firstPathID is pathID of the first of names the route's pattern has
// (a route and its alias name the same id differently).
func (c *call) firstPathID(names ...string) (int64, error) {
	for _, n := range names {
		if c.r.PathValue(n) != "" {
			return c.pathID(n)
		}
	}
	return c.pathID(names[0])
}
