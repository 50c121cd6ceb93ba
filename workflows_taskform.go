package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// TaskForm is what a task offers the user it is assigned to: the actions
// that move it on, and what acting on it takes. Read it before acting on a
// task of a workflow map the caller does not know, rather than guessing.
type TaskForm struct {
	TaskRef
	Title        string
	Instructions string
	Priority     int
	// Actions are the standard actions the task offers (TaskAction.Action),
	// such as TaskSendOn, TaskReview and TaskDelegate.
	Actions []TaskFormAction
	// CustomActions are the dispositions the task offers
	// (TaskAction.CustomAction), such as TaskApprove and TaskReject.
	CustomActions []TaskFormAction
	// CommentsEnabled reports whether the task takes a comment with its
	// action. OpenText's UI then offers a comment field but does not
	// demand a comment.
	CommentsEnabled bool
	// AttachmentsEnabled reports whether the task shows the workflow's
	// attachments; AttachmentsFolderID is their folder, when the server
	// names it.
	AttachmentsEnabled  bool
	AttachmentsFolderID int64
	// Message is the note the task came with when it was delegated, sent
	// for review or returned from a review; nil when there is none.
	Message *TaskMessage
	// MustAccept: the task was sent to a group, and a member must take it
	// (TaskAccept) before acting on it.
	MustAccept bool
	// AuthenticationRequired: the step asks for the user's password with
	// every action, which ActOnTask does not send; Check refuses such a
	// task.
	AuthenticationRequired bool
	// Values are the current values of the task's form fields, keyed by
	// field ID, across its forms; SaveTaskForm changes them.
	Values map[string]any
}

// TaskFormAction is one action a task offers.
type TaskFormAction struct {
	// Key is what ActOnTask sends (TaskAction.Action or CustomAction).
	Key string
	// Label is what OpenText's UI shows, in the user's language: "Forward"
	// for TaskDelegate, for example.
	Label string
}

// TaskMessageType says how a task reached its user.
type TaskMessageType string

// Task message types.
const (
	TaskMessageDelegate     TaskMessageType = "delegate"      // another user delegated it
	TaskMessageReview       TaskMessageType = "review"        // another user asks for a review
	TaskMessageReviewReturn TaskMessageType = "review_return" // a reviewer sent it back
)

// TaskMessage is the note a task came with.
type TaskMessage struct {
	Type TaskMessageType
	// FromUserID is the user who sent the task: the delegator, the one
	// who asked for the review, or the reviewer.
	FromUserID int64
	// Text is their comment; it may be empty.
	Text string
}

// HasAction reports whether the task offers the standard action key.
func (f *TaskForm) HasAction(key string) bool { return hasKey(f.Actions, key) }

// HasCustomAction reports whether the task offers the custom action key.
func (f *TaskForm) HasCustomAction(key string) bool { return hasKey(f.CustomActions, key) }

func hasKey(actions []TaskFormAction, key string) bool {
	return slices.ContainsFunc(actions, func(a TaskFormAction) bool { return a.Key == key })
}

// Check reports whether ActOnTask can carry out act on this task: an
// error wrapping ErrInvalidArgument names what does not fit, such as an
// action the task does not offer, a comment on a task that takes none, or
// a task that must first be accepted.
func (f *TaskForm) Check(act TaskAction) error {
	const op = "TaskForm.Check"
	if err := act.check(op); err != nil {
		return err
	}
	switch {
	case f.AuthenticationRequired:
		return invalidArg(op, "the task asks for the user's password with every action, which ActOnTask does not send")
	case f.MustAccept && act.Action != TaskAccept:
		return invalidArg(op, "Action: the task was sent to a group; accept it first (%s)", TaskAccept)
	case !f.MustAccept && act.Action == TaskAccept:
		return invalidArg(op, "Action: %s is for a task sent to a group, and this one is not", TaskAccept)
	case act.Action != "" && act.Action != TaskAccept && !f.HasAction(act.Action):
		return invalidArg(op, "Action: the task does not offer %q (it offers %s)", act.Action, keys(f.Actions))
	case act.CustomAction != "" && !f.HasCustomAction(act.CustomAction):
		return invalidArg(op, "CustomAction: the task does not offer %q (it offers %s)", act.CustomAction, keys(f.CustomActions))
	case act.Comment != "" && !f.CommentsEnabled:
		return invalidArg(op, "Comment: the task takes no comments")
	}
	return nil
}

func keys(actions []TaskFormAction) string {
	if len(actions) == 0 {
		return "none"
	}
	ks := make([]string, len(actions))
	for i, a := range actions {
		ks[i] = strconv.Quote(a.Key)
	}
	return strings.Join(ks, ", ")
}

// TaskForm reads what a task assigned to the current user offers: its
// actions and custom actions with their labels, whether it takes
// comments, and the message it came with. Only the task's current
// assignee may read it; for anyone else, and for a task that has moved on,
// the error matches ErrNotFound.
//
// OpenText API: GET api/v1/forms/processes/tasks/update
func (s *WorkflowsService) TaskForm(ctx context.Context, task TaskRef) (_ *TaskForm, err error) {
	ctx, observed := s.c.startOp(ctx, "Workflows.TaskForm")
	defer observed.end(&err)
	const op = "Workflows.TaskForm"
	if err := task.check(op); err != nil {
		return nil, err
	}
	q := url.Values{
		"process_id":    {strconv.FormatInt(task.ProcessID, 10)},
		"subprocess_id": {strconv.FormatInt(task.SubprocessID, 10)},
		"task_id":       {strconv.FormatInt(task.TaskID, 10)},
	}
	const path = "v1/forms/processes/tasks/update"
	var env struct {
		Data  *taskFormData `json:"data"`
		Forms []struct {
			Data map[string]any `json:"data"`
		} `json:"forms"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		// Without it the task would read as one that offers nothing.
		return nil, malformed(http.MethodGet, path, "no data in the response")
	}
	f, err := env.Data.form(task)
	if err != nil {
		return nil, malformed(http.MethodGet, path, err.Error())
	}
	for _, form := range env.Forms {
		for k, v := range form.Data {
			if f.Values == nil {
				f.Values = map[string]any{}
			}
			f.Values[k] = v
		}
	}
	return f, nil
}

// taskFormData is the "data" member of the task form (the spec's
// forms_WorkflowPropertiesInfo).
type taskFormData struct {
	Title         string           `json:"title"`
	Instructions  string           `json:"instructions"`
	Priority      flexInt64        `json:"priority"`
	CommentsOn    flexBool         `json:"comments_on"`
	AttachmentsOn flexBool         `json:"attachments_on"`
	Actions       []taskFormAction `json:"actions"`
	CustomActions []taskFormAction `json:"custom_actions"`
	DataPackages  []struct {
		Type    flexInt64       `json:"type"`
		SubType flexInt64       `json:"sub_type"`
		Data    json.RawMessage `json:"data"`
	} `json:"data_packages"`
	Message *struct {
		Performer flexInt64 `json:"performer"`
		Type      string    `json:"type"`
		Text      string    `json:"text"`
	} `json:"message"`
	MemberAccept   flexBool `json:"member_accept"`
	Authentication flexBool `json:"authentication"`
}

type taskFormAction struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// attachmentsPackage is the data package type and sub type of the
// workflow's attachments (the spec: "attachments = 1").
const attachmentsPackage = 1

func (d *taskFormData) form(task TaskRef) (*TaskForm, error) {
	f := &TaskForm{TaskRef: task, Title: d.Title, Instructions: d.Instructions, Priority: int(d.Priority),
		CommentsEnabled: bool(d.CommentsOn), AttachmentsEnabled: bool(d.AttachmentsOn),
		MustAccept: bool(d.MemberAccept), AuthenticationRequired: bool(d.Authentication)}
	var err error
	if f.Actions, err = formActions("actions", d.Actions); err != nil {
		return nil, err
	}
	if f.CustomActions, err = formActions("custom_actions", d.CustomActions); err != nil {
		return nil, err
	}
	for _, p := range d.DataPackages {
		if p.Type != attachmentsPackage || p.SubType != attachmentsPackage || len(p.Data) == 0 {
			continue
		}
		var a struct {
			FolderID flexInt64 `json:"attachment_folder_id"`
		}
		if err := json.Unmarshal(p.Data, &a); err != nil {
			return nil, fmt.Errorf("the attachments package: %w", err)
		}
		f.AttachmentsFolderID = int64(a.FolderID)
	}
	if m := d.Message; m != nil {
		if m.Type == "" {
			return nil, fmt.Errorf("a message without a type")
		}
		f.Message = &TaskMessage{Type: TaskMessageType(m.Type), FromUserID: int64(m.Performer), Text: m.Text}
	}
	return f, nil
}

// formActions converts the actions of a form; an action without a key
// could not be sent.
func formActions(member string, in []taskFormAction) ([]TaskFormAction, error) {
	out := make([]TaskFormAction, 0, len(in))
	for _, a := range in {
		if a.Key == "" {
			return nil, fmt.Errorf("an entry of %s without a key", member)
		}
		out = append(out, TaskFormAction(a))
	}
	return out, nil
}
