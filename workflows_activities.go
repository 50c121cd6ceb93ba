package xecm

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Workflow activity actions (WorkflowActivity.Action), as OpenText's own
// UI reads them.
const (
	ActivityStart = "start"
	// ActivitySendOn: a step was sent on (completed).
	ActivitySendOn = "sendon"
	// ActivityForward: a task was delegated to AssigneeID.
	ActivityForward = "forward"
	// ActivityReview: a task was sent to AssigneeID for review.
	ActivityReview = "review"
	// ActivityReply: a reviewer sent a task back.
	ActivityReply = "reply"
	// ActivityDisposition: a disposition (such as Approve or Reject) was
	// applied; Event and Label name it.
	ActivityDisposition = "disposition"
	// ActivityAttachment: an attachment was changed; Event says how
	// ("create", "addversion", ...) and Node which.
	ActivityAttachment = "attachment"
)

// WorkflowActivity is one entry of a workflow's history: who did what,
// when, and their comment. It is the approval history reporting wants.
type WorkflowActivity struct {
	Action  string
	UserID  int64
	Date    Time
	Comment string
	// AssigneeID is the user a task was forwarded or sent for review to.
	AssigneeID int64
	// Event and Label describe a disposition ("reject", "Reject
	// Approval") or an attachment change ("addversion").
	Event string
	Label string
	// Node is the attachment of an attachment activity.
	Node *WorkflowActivityNode
}

// WorkflowActivityNode is the attachment an activity concerns.
type WorkflowActivityNode struct {
	ID          int64
	Name        string
	Description string
	Type        int
	MimeType    string
}

// UnmarshalJSON reads the wire form of an activity.
func (a *WorkflowActivity) UnmarshalJSON(b []byte) error {
	var w struct {
		Action  string    `json:"action"`
		UserID  flexInt64 `json:"user_id"`
		Date    Time      `json:"date"`
		Comment *string   `json:"comment"`
		Props   *struct {
			Event  string    `json:"event"`
			Label  string    `json:"label"`
			UserID flexInt64 `json:"user_id"`
			Node   *struct {
				ID          flexInt64 `json:"id"`
				Name        string    `json:"name"`
				Description string    `json:"description"`
				Type        flexInt64 `json:"type"`
				MimeType    string    `json:"mime-type"` // the spec's spelling
				MimeType2   string    `json:"mime_type"` // the Smart UI mock's
			} `json:"node"`
		} `json:"action_properties"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = WorkflowActivity{Action: w.Action, UserID: int64(w.UserID), Date: w.Date}
	if w.Comment != nil {
		a.Comment = *w.Comment
	}
	if p := w.Props; p != nil {
		a.AssigneeID, a.Event, a.Label = int64(p.UserID), p.Event, p.Label
		if n := p.Node; n != nil {
			a.Node = &WorkflowActivityNode{ID: int64(n.ID), Name: n.Name, Description: n.Description, Type: int(n.Type),
				MimeType: cmp.Or(n.MimeType, n.MimeType2)}
		}
	}
	return nil
}

// WorkflowActivityOptions limits Activities.
type WorkflowActivityOptions struct {
	// Limit is how many of the newest activities to read; 0 reads all.
	Limit int
}

// Activities reads the history of a workflow (a process and one of its
// subprocesses; for a workflow without subworkflows the subprocess ID is
// the process ID, as Status and Assignments give it), newest first: its
// start, the steps sent on, delegations, reviews and their replies,
// dispositions such as Approve and Reject, with who did each, when, and
// their comment.
//
// The server answers 400 "Could not access task status" (an *APIError
// matching ErrNotFound) for a process that does not exist or that the
// user may not see.
//
// OpenText API: GET api/v2/processes/{pid}/subprocesses/{spid}/activities
func (s *WorkflowsService) Activities(ctx context.Context, processID, subprocessID int64, opts *WorkflowActivityOptions) (_ []WorkflowActivity, err error) {
	const op = "Workflows.Activities"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "process ID", processID); err != nil {
		return nil, err
	}
	if err := checkID(op, "subprocess ID", subprocessID); err != nil {
		return nil, err
	}
	q := url.Values{}
	if opts != nil {
		if opts.Limit < 0 {
			return nil, invalidArg(op, "Limit must not be negative, got %d", opts.Limit)
		}
		if opts.Limit > 0 {
			q.Set("limit", strconv.Itoa(opts.Limit))
		}
	}
	var env struct {
		Results struct {
			Data *[]WorkflowActivity `json:"data"`
		} `json:"results"`
	}
	path := fmt.Sprintf("v2/processes/%d/subprocesses/%d/activities", processID, subprocessID)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	if env.Results.Data == nil {
		// Without it, a workflow with a history would read as one without.
		return nil, malformed(http.MethodGet, path, "no results.data in the response")
	}
	return *env.Results.Data, nil
}
