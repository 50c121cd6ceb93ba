package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xecm-go/xecm/internal/envelope"
)

// WorkflowsService works with workflow processes and tasks.
type WorkflowsService service

// WorkflowStartRequest starts a workflow map on documents.
type WorkflowStartRequest struct {
	// MapID is the workflow map (a node of type TypeWorkflowMap). Required.
	MapID int64
	// DocumentIDs are attached to the workflow.
	DocumentIDs []int64
	// Title of the workflow instance; the map's name when empty.
	Title string
	// DueDate of the workflow, if any.
	DueDate time.Time
	// Values fills further start-step form fields, keyed by their form
	// IDs such as "WorkflowForm_1" or "WorkflowForm_1x4x1x2".
	Values map[string]any
	// Comment is recorded with the start.
	Comment string
}

// WorkflowStart is the outcome of Start.
type WorkflowStart struct {
	DraftID   int64 // the draft process the workflow was started from
	ProcessID int64 // the running workflow instance
	Message   string
}

// Start starts a workflow: it creates a draft process with the documents
// attached, fills the start form and initiates it (CreateDraft,
// UpdateDraft and InitiateDraft in one call; use those to read the start
// form with DraftForm before starting).
//
// If a later step fails, the error says which, and the draft stays on the
// server (its ID is in the error text). An error matching
// ErrOutcomeUnknown means the workflow may be running although no answer
// said so (the answer to a step was lost, or a gateway timed out): look
// for it (StatusList with WorkflowsInitiated) before starting it again.
//
// OpenText API: POST api/v2/draftprocesses, PUT api/v2/draftprocesses/{id}
func (s *WorkflowsService) Start(ctx context.Context, req WorkflowStartRequest) (_ *WorkflowStart, err error) {
	ctx, observed := s.c.startOp(ctx, "Workflows.Start")
	defer observed.end(&err)
	const op = "Workflows.Start"
	if err := checkID(op, "MapID", req.MapID); err != nil {
		return nil, err
	}
	if err := checkDocIDs(op, req.DocumentIDs); err != nil {
		return nil, err
	}
	values, err := startValues(op, req.Values)
	if err != nil {
		return nil, err
	}
	if req.Title != "" {
		values["WorkflowForm_Title"] = req.Title
	}
	if !req.DueDate.IsZero() {
		values["WorkflowForm_WorkflowDueDate"] = formatDueDate(req.DueDate)
	}
	draftID, err := s.createDraft(ctx, req.MapID, req.DocumentIDs)
	if err != nil {
		return nil, err
	}
	if len(values) > 0 {
		if err := s.updateDraft(ctx, draftID, values); err != nil {
			return nil, fmt.Errorf("xecm: %s: filling the form of draft process %d: %w", op, draftID, err)
		}
	}
	out, err := s.initiateDraft(ctx, draftID, req.Comment)
	if err != nil {
		return nil, fmt.Errorf("xecm: %s: %w", op, err)
	}
	return out, nil
}

// sendOnce sends a change that must not be repeated once it may have
// reached the server: the server consumes a draft when it initiates it and
// a task when it is acted on, so a repeat fails where the first attempt
// succeeded, which reads as "not done" and invites doing it twice. It is
// sent again only after 429 and 503, which say the server did not take
// it. A gateway's 502 or 504 says nothing of whether the server acted, so
// it matches ErrOutcomeUnknown, as a lost answer does (the executor marks
// both for every change).
func (s *WorkflowsService) sendOnce(ctx context.Context, r *request, v any) error {
	r.once, r.retryUnprocessed = true, true
	return s.c.do(ctx, r, v)
}

// TaskRef identifies a task of a running workflow.
type TaskRef struct {
	ProcessID    int64
	SubprocessID int64
	TaskID       int64
}

func (t TaskRef) check(op string) error {
	if t.ProcessID <= 0 || t.SubprocessID <= 0 || t.TaskID <= 0 {
		return invalidArg(op, "task: ProcessID, SubprocessID and TaskID must be positive, got %d/%d/%d", t.ProcessID, t.SubprocessID, t.TaskID)
	}
	return nil
}

// Assignment is a task waiting for the current user.
type Assignment struct {
	TaskRef
	ID           int64 // the assignment's object ID
	Name         string
	Instructions string
	DueDate      Time
	FromUserID   int64
	Priority     int
	Status       int
	StatusName   string
	LocationID   int64
}

// UnmarshalJSON reads the wire form of an assignment.
func (a *Assignment) UnmarshalJSON(b []byte) error {
	var w struct {
		ID           flexInt64 `json:"id"`
		Name         string    `json:"name"`
		Instructions string    `json:"instructions"`
		DateDue      Time      `json:"date_due"`
		FromUserID   flexInt64 `json:"from_user_id"`
		Priority     flexInt64 `json:"priority"`
		Status       flexInt64 `json:"status"`
		StatusName   string    `json:"status_name"`
		LocationID   flexInt64 `json:"location_id"`
		WorkflowID   flexInt64 `json:"workflow_id"`
		SubID        flexInt64 `json:"workflow_subworkflow_id"`
		TaskID       flexInt64 `json:"workflow_subworkflow_task_id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Assignment{TaskRef: TaskRef{ProcessID: int64(w.WorkflowID), SubprocessID: int64(w.SubID), TaskID: int64(w.TaskID)},
		ID: int64(w.ID), Name: w.Name, Instructions: w.Instructions, DueDate: w.DateDue, FromUserID: int64(w.FromUserID),
		Priority: int(w.Priority), Status: int(w.Status), StatusName: w.StatusName, LocationID: int64(w.LocationID)}
	return nil
}

// Assignments lists the current user's assignments; workflow tasks have
// a TaskRef to act on with ActOnTask.
//
// OpenText API: GET api/v2/members/assignments
func (s *WorkflowsService) Assignments(ctx context.Context) (_ []Assignment, err error) {
	ctx, observed := s.c.startOp(ctx, "Workflows.Assignments")
	defer observed.end(&err)
	var env struct {
		Results envelope.OneOrMany[struct {
			Data struct {
				Assignments envelope.OneOrMany[Assignment] `json:"assignments"`
			} `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/members/assignments"}, &env); err != nil {
		return nil, err
	}
	var out []Assignment
	for _, r := range env.Results {
		out = append(out, r.Data.Assignments...)
	}
	return out, nil
}

// Standard task actions (TaskAction.Action). Which ones a task offers
// depends on its workflow map and on how the task reached the user: read
// them with TaskForm.
const (
	TaskSendOn = "SendOn"
	// TaskDelegate hands the task over to another user (AssigneeID); the
	// server's UI labels it "Forward".
	TaskDelegate = "Delegate"
	// TaskReview sends the task to another user or group (AssigneeID) for
	// review. The reviewer sends it on, and it comes back to the sender
	// to complete (TaskForm.Message says so).
	TaskReview = "Review"
	// TaskAccept takes a task sent to a group (TaskForm.MustAccept) for
	// the current user alone, so that the other members no longer see it.
	// It does not send the task on.
	TaskAccept = "accept"
)

// Common custom actions (dispositions) of approval steps (TaskAction.CustomAction).
const (
	TaskApprove = "Approve"
	TaskReject  = "Reject"
)

// ReviewAcceptance says who in a group reviews a task sent to the group
// with TaskReview. It is ignored when the reviewer is a user.
type ReviewAcceptance int

// Review acceptances, with the server's values.
const (
	// ReviewByOneMember: the first member to accept the review does it
	// for the group (the default).
	ReviewByOneMember ReviewAcceptance = 0
	// ReviewByAllMembers: every member of the group reviews.
	ReviewByAllMembers ReviewAcceptance = 2
)

// TaskAction is what to do with a task: exactly one of Action (such as
// TaskSendOn or TaskDelegate) and CustomAction (such as TaskApprove).
type TaskAction struct {
	Action       string
	CustomAction string
	Comment      string
	// AssigneeID is the user to delegate to (with TaskDelegate) or the
	// user or group to ask for a review (with TaskReview).
	AssigneeID int64
	// Acceptance is for TaskReview by a group: one member or all of them.
	Acceptance ReviewAcceptance
}

// check validates the action on its own, before any request.
func (act TaskAction) check(op string) error {
	switch {
	case act.Action == "" && act.CustomAction == "":
		return invalidArg(op, "one of Action and CustomAction is required")
	case act.Action != "" && act.CustomAction != "":
		return invalidArg(op, "Action and CustomAction are mutually exclusive")
	case takesAssignee(act.Action) && act.AssigneeID <= 0:
		return invalidArg(op, "AssigneeID is required to %s", strings.ToLower(act.Action))
	case !takesAssignee(act.Action) && act.AssigneeID != 0:
		return invalidArg(op, "AssigneeID is only for %s and %s", TaskDelegate, TaskReview)
	case act.Acceptance != ReviewByOneMember && act.Action != TaskReview:
		return invalidArg(op, "Acceptance is only for %s", TaskReview)
	case act.Acceptance != ReviewByOneMember && act.Acceptance != ReviewByAllMembers:
		return invalidArg(op, "Acceptance: unknown value %d", act.Acceptance)
	}
	return nil
}

// ActOnTask sends on, delegates, sends for review or applies a custom
// action (such as Approve or Reject) to a task assigned to the current user.
// Which actions a task offers depends on its workflow map: TaskForm reads
// them, and TaskForm.Check holds an action to them before it is sent.
//
// An error matching ErrOutcomeUnknown means the action may have been
// carried out although no answer said so: see Assignments or Status
// before acting on the task again.
//
// OpenText API: PUT api/v2/processes/{pid}/subprocesses/{spid}/tasks/{tid}
func (s *WorkflowsService) ActOnTask(ctx context.Context, task TaskRef, act TaskAction) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workflows.ActOnTask")
	defer observed.end(&err)
	const op = "Workflows.ActOnTask"
	if err := task.check(op); err != nil {
		return err
	}
	if err := act.check(op); err != nil {
		return err
	}
	f := url.Values{}
	if act.Action != "" {
		f.Set("action", act.Action)
	} else {
		f.Set("custom_action", act.CustomAction)
	}
	if act.Comment != "" {
		f.Set("comment", act.Comment)
	}
	if act.AssigneeID > 0 {
		f.Set("assignee", strconv.FormatInt(act.AssigneeID, 10))
	}
	if act.Action == TaskReview {
		// OpenText's own UI always sends the option with a review, 0 when
		// the reviewer is a user (workflow/models/workitem/workitem.model.js).
		f.Set("assigneeOption", strconv.Itoa(int(act.Acceptance)))
	}
	path := fmt.Sprintf("v2/processes/%d/subprocesses/%d/tasks/%d", task.ProcessID, task.SubprocessID, task.TaskID)
	return s.sendOnce(ctx, &request{method: http.MethodPut, path: path, form: f}, nil)
}

// takesAssignee reports whether a standard action names a user.
func takesAssignee(action string) bool { return action == TaskDelegate || action == TaskReview }

// WorkflowKind selects workflows by the user's part in them.
type WorkflowKind string

// Workflow kinds.
const (
	WorkflowsManaged   WorkflowKind = "Managed"
	WorkflowsInitiated WorkflowKind = "Initiated"
	WorkflowsBoth      WorkflowKind = "Both"
)

// WorkflowStatusFilter selects workflows by their state.
type WorkflowStatusFilter string

// Workflow states.
const (
	WorkflowOnTime    WorkflowStatusFilter = "ontime"
	WorkflowLate      WorkflowStatusFilter = "workflowlate"
	WorkflowCompleted WorkflowStatusFilter = "completed"
	WorkflowStopped   WorkflowStatusFilter = "stopped"
)

// WorkflowStatusOptions filters StatusList.
type WorkflowStatusOptions struct {
	Kind   WorkflowKind
	Status WorkflowStatusFilter
	// Sort is one of the server's orders: "status_key", "due_date",
	// "wf_name" or "date_initiated", then " asc" or " desc".
	Sort string
}

// WorkflowStatus is a workflow instance in a status list.
type WorkflowStatus struct {
	ProcessID     int64
	SubprocessID  int64
	TaskID        int64
	Name          string
	StatusKey     string
	StepName      string
	DateInitiated Time
	DueDate       Time
	Assignees     []TaskAssignee
}

// TaskAssignee is a user a task is assigned to.
type TaskAssignee struct {
	UserID    int64  `json:"userId"`
	LoginName string `json:"loginName"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Email     string `json:"emailAddress"`
}

// StatusList lists workflows the user initiated or manages.
//
// OpenText API: GET api/v2/workflows/status
func (s *WorkflowsService) StatusList(ctx context.Context, opts *WorkflowStatusOptions) (_ []WorkflowStatus, err error) {
	ctx, observed := s.c.startOp(ctx, "Workflows.StatusList")
	defer observed.end(&err)
	const op = "Workflows.StatusList"
	q := url.Values{}
	if opts != nil {
		switch opts.Kind {
		case "", WorkflowsManaged, WorkflowsInitiated, WorkflowsBoth:
		default:
			return nil, invalidArg(op, "Kind: unknown value %q", opts.Kind)
		}
		switch opts.Status {
		case "", WorkflowOnTime, WorkflowLate, WorkflowCompleted, WorkflowStopped:
		default:
			return nil, invalidArg(op, "Status: unknown value %q", opts.Status)
		}
		if opts.Kind != "" {
			q.Set("Kind", string(opts.Kind)) // the spec's spelling
		}
		if opts.Status != "" {
			q.Set("wstatus", string(opts.Status))
		}
		if opts.Sort != "" {
			key, dir, _ := strings.Cut(opts.Sort, " ")
			switch {
			case key != "status_key" && key != "due_date" && key != "wf_name" && key != "date_initiated",
				dir != "asc" && dir != "desc":
				return nil, invalidArg(op, "Sort: %q is not a status list order (such as \"date_initiated desc\")", opts.Sort)
			}
			q.Set("sort", opts.Sort)
		}
	}
	var env struct {
		Results envelope.OneOrMany[struct {
			Data struct {
				Status struct {
					ProcessID     flexInt64      `json:"process_id"`
					SubprocessID  flexInt64      `json:"subprocess_id"`
					TaskID        flexInt64      `json:"task_id"`
					Name          string         `json:"wf_name"`
					StatusKey     string         `json:"status_key"`
					StepName      string         `json:"step_name"`
					DateInitiated Time           `json:"date_initiated"`
					DueDate       Time           `json:"due_date"`
					Assignees     []TaskAssignee `json:"assignee"`
				} `json:"wfstatus"`
			} `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/workflows/status", query: q}, &env); err != nil {
		return nil, err
	}
	out := make([]WorkflowStatus, 0, len(env.Results))
	for _, r := range env.Results {
		w := r.Data.Status
		if w.ProcessID == 0 {
			return nil, malformed(http.MethodGet, "v2/workflows/status", "a workflow without process_id in the response")
		}
		out = append(out, WorkflowStatus{ProcessID: int64(w.ProcessID), SubprocessID: int64(w.SubprocessID), TaskID: int64(w.TaskID),
			Name: w.Name, StatusKey: w.StatusKey, StepName: w.StepName, DateInitiated: w.DateInitiated, DueDate: w.DueDate, Assignees: w.Assignees})
	}
	return out, nil
}

// WorkflowStep is one task of a workflow instance.
type WorkflowStep struct {
	TaskRef
	Name      string
	Status    string
	DueDate   Time
	StartDate Time
	Assignees []TaskAssignee
}

// UnmarshalJSON reads the wire form of a step.
func (st *WorkflowStep) UnmarshalJSON(b []byte) error {
	var w struct {
		ProcessID    flexInt64 `json:"process_id"`
		SubprocessID flexInt64 `json:"subprocess_id"`
		TaskID       flexInt64 `json:"task_id"`
		Name         string    `json:"task_name"`
		Status       string    `json:"task_status"`
		DueDate      Time      `json:"task_due_date"`
		StartDate    Time      `json:"task_start_date"`
		Assignees    struct {
			Assignee []TaskAssignee `json:"assignee"`
		} `json:"task_assignees"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*st = WorkflowStep{TaskRef: TaskRef{ProcessID: int64(w.ProcessID), SubprocessID: int64(w.SubprocessID), TaskID: int64(w.TaskID)},
		Name: w.Name, Status: w.Status, DueDate: w.DueDate, StartDate: w.StartDate, Assignees: w.Assignees.Assignee}
	return nil
}

// WorkflowInstance is the state of one workflow instance with its steps.
type WorkflowInstance struct {
	ProcessID     int64
	Name          string
	Status        string // such as "ontime", "completed", "stopped"
	DateInitiated Time
	DueDate       Time
	InitiatorID   int64
	Completed     []WorkflowStep
	Current       []WorkflowStep
	Next          []WorkflowStep
}

// Done reports whether the workflow has no current step left.
func (w *WorkflowInstance) Done() bool { return len(w.Current) == 0 }

// Status returns one workflow instance's state and its steps.
//
// OpenText API: GET api/v2/workflows/status/processes/{pid}
func (s *WorkflowsService) Status(ctx context.Context, processID int64) (_ *WorkflowInstance, err error) {
	ctx, observed := s.c.startOp(ctx, "Workflows.Status")
	defer observed.end(&err)
	if err := checkID("Workflows.Status", "process ID", processID); err != nil {
		return nil, err
	}
	var env struct {
		Results struct {
			StepList struct {
				Completed []WorkflowStep `json:"completed"`
				Current   []WorkflowStep `json:"current"`
				Next      []WorkflowStep `json:"next"`
			} `json:"step_list"`
			Details *struct {
				Name          string    `json:"wf_name"`
				Status        string    `json:"status"`
				DateInitiated Time      `json:"date_initiated"`
				DueDate       Time      `json:"due_date"`
				WorkID        flexInt64 `json:"work_workID"`
				Initiator     struct {
					UserID flexInt64 `json:"userId"`
				} `json:"initiator"`
			} `json:"wf_details"`
		} `json:"results"`
	}
	path := "v2/workflows/status/processes/" + strconv.FormatInt(processID, 10)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	r := env.Results
	if r.Details == nil {
		// Without it, no current step would read as a finished workflow.
		return nil, malformed(http.MethodGet, path, "no wf_details in the response")
	}
	return &WorkflowInstance{ProcessID: processID, Name: r.Details.Name, Status: r.Details.Status,
		DateInitiated: r.Details.DateInitiated, DueDate: r.Details.DueDate, InitiatorID: int64(r.Details.Initiator.UserID),
		Completed: r.StepList.Completed, Current: r.StepList.Current, Next: r.StepList.Next}, nil
}
