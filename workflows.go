package xecm

// WorkflowsService works with workflow processes and tasks.
type WorkflowsService service
