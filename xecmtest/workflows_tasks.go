package xecmtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// wfAction is a standard action or a disposition a step offers: the key a
// client sends and the label OpenText's UI shows.
type wfAction struct{ Key, Label string }

// The keys are the ones OpenText's clients send: pyxecm
// (OTCS.update_process_task sends an assignee with "Delegate" and
// "Review") and the Smart UI (workflow/models/workitem/workitem.model.js
// does the same for 'Delegate' and 'Review'); the spec's own example list
// says "SendOn, SendForReview, Delegate". The labels are pyxecm's
// ("Forward", OTCS.get_process_task) and the Smart UI's ("Send On" in its
// test data, "Send for review" in workitem.model.md).
var (
	actSendOn            = wfAction{"SendOn", "Send On"}
	actReview            = wfAction{"Review", "Send for Review"}
	actDelegate          = wfAction{"Delegate", "Forward"}
	approvalDispositions = []wfAction{{"Approve", "Approve"}, {"Reject", "Reject"}}
)

// Task message types (the spec's forms_WorkflowPropertiesMessageInfo).
const (
	msgDelegate     = "delegate"
	msgReview       = "review"
	msgReviewReturn = "review_return"
)

// wfMessage is the note a task came with: who sent it, how, and their
// comment.
type wfMessage struct {
	Performer int64
	Type      string
	Text      string
}

// offers returns what the task offers its current assignee: a reviewer
// can only send it back (Send On), the assignee what the step offers.
func (t *wfTask) offers() (actions, custom []wfAction) {
	if t.ReviewFrom != 0 {
		return []wfAction{actSendOn}, nil
	}
	return t.Actions, t.Custom
}

func (t *wfTask) instructions() string {
	if t.ReviewFrom != 0 {
		return "Please review the attached documents and send them back."
	}
	return "Please " + strings.ToLower(t.Name) + " the attached documents."
}

// offered finds key among actions, in any case.
func offered(actions []wfAction, key string) bool {
	return key != "" && slices.ContainsFunc(actions, func(a wfAction) bool { return strings.EqualFold(a.Key, key) })
}

// currentTaskLocked is the task the path or query names if it is the
// caller's current task, else nil.
func (s *Server) currentTaskLocked(c *call, pid, spid, tid int64) (*wfProcess, *wfTask) {
	p := s.wf.processes[pid]
	if p == nil || p.Status == wfSuspended { // a suspended process's tasks wait
		return nil, nil
	}
	t := p.current()
	if spid != p.ID || t == nil || t.ID != tid || t.Assignee != c.userID() {
		return nil, nil
	}
	return p, t
}

// handleTaskForm serves the task form (the spec's
// forms_WorkflowPropertiesFormInfo) of the caller's current task.
func (s *Server) handleTaskForm(c *call) (any, error) {
	var ids [3]int64
	for i, name := range []string{"process_id", "subprocess_id", "task_id"} {
		raw := c.query.Get(name)
		if raw == "" {
			return nil, errorf(http.StatusBadRequest, "Argument '%s' is required", name)
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "Invalid datatype specified for argument '%s'", name)
		}
		ids[i] = id
	}
	p, t := s.currentTaskLocked(c, ids[0], ids[1], ids[2])
	if t == nil {
		return nil, errorf(http.StatusInternalServerError, "Could not get a workflow for %d, %d, %d", ids[0], ids[1], ids[2])
	}
	actions, custom := t.offers()
	var message any
	if m := t.Message; m != nil {
		message = map[string]any{"performer": m.Performer, "type": m.Type, "text": m.Text}
	}
	data := map[string]any{
		"process_id": p.ID, "subprocess_id": p.ID, "task_id": t.ID,
		"title": t.Name, "instructions": t.instructions(), "priority": 50,
		"comments_on": true,
		// The simulator keeps no attachments folder (no data package):
		// the documents are attached to the process itself.
		"attachments_on": false, "data_packages": []any{},
		"actions": actionsJSON(actions), "custom_actions": actionsJSON(custom),
		"message": message, "member_accept": false, "authentication": false,
	}
	return map[string]any{"data": data, "forms": []any{taskAlpacaForm(p, t)}}, nil
}

func actionsJSON(actions []wfAction) []any {
	out := []any{}
	for _, a := range actions {
		out = append(out, map[string]any{"key": a.Key, "label": a.Label})
	}
	return out
}

// taskAlpacaForm is the task's general form as OpenText's Smart UI test
// data shows it: title, instructions and priority, to be saved with a PUT
// to the task.
func taskAlpacaForm(p *wfProcess, t *wfTask) map[string]any {
	field := func(label, typ string, readonly bool) map[string]any {
		return map[string]any{"hidden": false, "hideInitValidationError": true, "label": label, "readonly": readonly, "type": typ}
	}
	priority := field("Priority", "select", false)
	priority["optionLabels"] = []string{"Low", "Medium", "High"}
	data := map[string]any{"sub_work_task_title": t.Name, "map_task_instructions": t.instructions(), "map_task_priority": 50}
	for k := range data {
		if v, saved := p.Values[k]; saved {
			data[k] = v // saved by a formUpdate
		}
	}
	return map[string]any{
		"data": data,
		"options": map[string]any{
			"fields": map[string]any{
				"sub_work_task_title":   field("Title", "text", true),
				"map_task_instructions": field("Instructions", "textarea", true),
				"map_task_priority":     priority,
			},
			"form": map[string]any{"attributes": map[string]any{
				"action": fmt.Sprintf("api/v1/processes/%d/subprocesses/%d/tasks/%d", p.ID, p.ID, t.ID), "method": "PUT"}},
		},
		"schema": map[string]any{"type": "object", "properties": map[string]any{
			"sub_work_task_title":   map[string]any{"type": "string", "title": "Title", "readonly": true, "required": false, "maxLength": 255},
			"map_task_instructions": map[string]any{"type": "string", "title": "Instructions", "readonly": true, "required": false},
			"map_task_priority":     map[string]any{"type": "integer", "title": "Priority", "readonly": false, "required": true, "enum": []int{0, 50, 100}},
		}},
	}
}

func (s *Server) handleTaskAction(c *call) (any, error) {
	pid, err := c.firstPathID("process_id", "workflowinstance_id")
	if err != nil {
		return nil, err
	}
	spid, err := c.firstPathID("subprocess_id", "subworkflowinstance_id")
	if err != nil {
		return nil, err
	}
	tid, err := c.pathID("task_id")
	if err != nil {
		return nil, err
	}
	p, t := s.currentTaskLocked(c, pid, spid, tid)
	if t == nil {
		return nil, errorf(http.StatusBadRequest, "Could not access task status")
	}
	action, _ := c.params.str("action")
	custom, _ := c.params.str("custom_action")
	if strings.EqualFold(action, "formUpdate") && custom == "" {
		// Saves the task's form values without acting on the task
		// (reference §11: body={"action":"formUpdate","values":{..}}).
		values, err := formValues(c)
		if err != nil {
			return nil, err
		}
		if p.Values == nil {
			p.Values = map[string]any{}
		}
		for k, v := range values {
			p.Values[k] = v
		}
		return c.emptyResults(), nil
	}
	switch {
	case action != "" && custom != "":
		return nil, errorf(http.StatusBadRequest, "It is not allowed to execute an action and a custom action")
	case action == "" && custom == "":
		return nil, errorf(http.StatusBadRequest, "Could not retrieve action")
	}
	actions, dispositions := t.offers()
	if !offered(actions, action) && !offered(dispositions, custom) {
		return nil, errorf(http.StatusBadRequest, "The action '%s' is not available for this task.", action+custom)
	}
	comment, _ := c.params.str("comment")
	now := s.now()
	switch {
	case t.ReviewFrom != 0: // the reviewer sends it back (Send On is all they have)
		reviewer := t.Assignee
		t.Assignee, t.ReviewFrom = t.ReviewFrom, 0
		t.Message = &wfMessage{Performer: reviewer, Type: msgReviewReturn, Text: comment}
		p.logLocked(now, reviewer, actReply, nil, comment)
	case strings.EqualFold(action, actDelegate.Key):
		to, err := s.taskAssigneeLocked(c)
		if err != nil {
			return nil, err
		}
		t.Assignee, t.Comment = to, comment
		t.Message = &wfMessage{Performer: c.userID(), Type: msgDelegate, Text: comment}
		p.logLocked(now, c.userID(), actForward, map[string]any{"user_id": to}, comment)
	case strings.EqualFold(action, actReview.Key):
		to, err := s.taskAssigneeLocked(c)
		if err != nil {
			return nil, err
		}
		// 0: one group member accepts, 2: all of them (the Smart UI's
		// values); the simulator's reviewers are users, so either does.
		opt, _, err := c.params.int64("assigneeOption")
		if err != nil {
			return nil, err
		}
		if opt != 0 && opt != 2 {
			return nil, invalid("assigneeOption", opt)
		}
		t.Assignee, t.ReviewFrom = to, c.userID()
		t.Message = &wfMessage{Performer: c.userID(), Type: msgReview, Text: comment}
		p.logLocked(now, c.userID(), actReviewSent, map[string]any{"user_id": to}, comment)
	case custom != "":
		p.logLocked(now, c.userID(), actDisposition, dispositionProps(dispositions, custom), comment)
		outcome := "Approve"
		if strings.EqualFold(custom, "reject") {
			outcome = "Reject"
		}
		s.completeTaskLocked(c, p, t, outcome, comment)
	default: // SendOn completes the step as Approve does
		p.logLocked(now, c.userID(), actSendOnDone, nil, comment)
		s.completeTaskLocked(c, p, t, "Approve", comment)
	}
	return c.emptyResults(), nil
}

// taskAssigneeLocked reads the user a task is delegated or sent for
// review to. The simulator sends tasks to users only.
func (s *Server) taskAssigneeLocked(c *call) (int64, error) {
	to, ok, err := c.params.int64("assignee")
	if err != nil {
		return 0, err
	}
	if !ok || s.dir.users[to] == nil {
		return 0, errorf(http.StatusBadRequest, "Could not get a member for the assignee")
	}
	return to, nil
}

func (s *Server) completeTaskLocked(c *call, p *wfProcess, t *wfTask, outcome, comment string) {
	now := s.now()
	t.Status, t.Done, t.Action, t.Comment, t.Message = "completed", now, outcome, comment, nil
	s.wfAuditLocked(p, EventWorkflowTaskCompleted, c.userID())
	if outcome == "Reject" {
		p.Status, p.Outcome = "stopped", "rejected"
		for _, rest := range p.Tasks {
			if rest.Status == "pending" {
				rest.Status = "skipped"
			}
		}
		s.wfAuditLocked(p, EventWorkflowRejected, c.userID())
		return
	}
	i := slices.Index(p.Tasks, t)
	if i+1 < len(p.Tasks) {
		next := p.Tasks[i+1]
		next.Status, next.Started = "ontime", now
		return
	}
	p.Status, p.Outcome = "completed", "approved"
	s.wfAuditLocked(p, EventWorkflowApproved, c.userID())
}
