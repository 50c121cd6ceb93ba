package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Process status changes, as PUT api/v2/processes/{pid}/status takes them.
const (
	processSuspend = "suspend"
	processResume  = "resume"
	processStop    = "stop"
	processArchive = "archive"
)

// Suspend pauses a running workflow: its tasks cannot be acted on until
// Resume. Only a manager of the workflow (its initiator, or an
// administrator) may change its status.
//
// The server answers 400 (an *APIError) when the process is unknown or
// not visible ("Could not access task status"), when the user may not
// manage it ("No permission to change the status of the process"), or
// when the workflow is not running. An error matching ErrOutcomeUnknown
// means the change may have been made although no answer said so: read
// Status before trying again.
//
// OpenText API: PUT api/v2/processes/{pid}/status (status=suspend)
func (s *WorkflowsService) Suspend(ctx context.Context, processID int64) error {
	return s.changeStatus(ctx, "Workflows.Suspend", processID, processSuspend)
}

// Resume lets a suspended workflow go on. It fails as Suspend does, and
// when the workflow is not suspended.
//
// OpenText API: PUT api/v2/processes/{pid}/status (status=resume)
func (s *WorkflowsService) Resume(ctx context.Context, processID int64) error {
	return s.changeStatus(ctx, "Workflows.Resume", processID, processResume)
}

// Stop ends a running or suspended workflow for good: its remaining steps
// are not carried out, and its status becomes "stopped". It fails as
// Suspend does, and when the workflow has already finished.
//
// OpenText API: PUT api/v2/processes/{pid}/status (status=stop)
func (s *WorkflowsService) Stop(ctx context.Context, processID int64) error {
	return s.changeStatus(ctx, "Workflows.Stop", processID, processStop)
}

// Archive archives a finished (completed or stopped) workflow. It fails as
// Suspend does, and when the workflow has not finished or is archived.
//
// OpenText API: PUT api/v2/processes/{pid}/status (status=archive)
func (s *WorkflowsService) Archive(ctx context.Context, processID int64) error {
	return s.changeStatus(ctx, "Workflows.Archive", processID, processArchive)
}

func (s *WorkflowsService) changeStatus(ctx context.Context, op string, processID int64, status string) error {
	if err := checkID(op, "process ID", processID); err != nil {
		return err
	}
	path := "v2/processes/" + strconv.FormatInt(processID, 10) + "/status"
	// Sent once: a repeated change fails where the first succeeded.
	return s.sendOnce(ctx, &request{method: http.MethodPut, path: path, form: url.Values{"status": {status}}}, nil)
}

// Delete removes a finished (completed or stopped) workflow; Stop a
// running one first. Only a manager of the workflow may delete it. The
// server answers 400 (an *APIError) when the process is unknown or not
// visible, or when it may not be deleted. An error matching
// ErrOutcomeUnknown means it may be gone although no answer said so.
//
// OpenText API: DELETE api/v2/processes/{pid}
func (s *WorkflowsService) Delete(ctx context.Context, processID int64) error {
	const op = "Workflows.Delete"
	if err := checkID(op, "process ID", processID); err != nil {
		return err
	}
	path := "v2/processes/" + strconv.FormatInt(processID, 10)
	return s.sendOnce(ctx, &request{method: http.MethodDelete, path: path}, nil)
}

// SaveTaskForm saves values into the form of a task assigned to the
// current user without acting on it, so that a later ActOnTask carries
// them (a step's attributes, say, before Approve). Values are keyed by
// the form's field IDs, as TaskForm reads them; saving the same values
// again is harmless, so the call is retried like any update.
//
// The server answers 400 (an *APIError) when the task is not the user's
// current task.
//
// OpenText API: PUT api/v2/processes/{pid}/subprocesses/{spid}/tasks/{tid} (action=formUpdate)
func (s *WorkflowsService) SaveTaskForm(ctx context.Context, task TaskRef, values map[string]any) error {
	const op = "Workflows.SaveTaskForm"
	if err := task.check(op); err != nil {
		return err
	}
	if len(values) == 0 {
		return invalidArg(op, "no values to save")
	}
	b, err := json.Marshal(values)
	if err != nil {
		return invalidArg(op, "values cannot be encoded: %v", err)
	}
	path := fmt.Sprintf("v2/processes/%d/subprocesses/%d/tasks/%d", task.ProcessID, task.SubprocessID, task.TaskID)
	f := url.Values{"action": {"formUpdate"}, "values": {string(b)}}
	return s.c.do(ctx, &request{method: http.MethodPut, path: path, form: f}, nil)
}
