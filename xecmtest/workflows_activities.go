package xecmtest

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// A workflow's activities: what its participants did, with their
// comments (the spec's processes_WorkflowActivitiesResults). The action
// names and their properties are those of OpenText's Smart UI test data
// for this route (workflow/testutils/activity/activity.mock.js): "start",
// "sendon", "forward" and "review" (with the user it went to in
// action_properties.user_id), "reply" (a reviewer sending a task back),
// "disposition" (with the disposition's event and label) and
// "attachment". The simulator keeps no attachments folder, so it records
// no "attachment" activities. The mock lists the newest first, and so
// does the simulator.
const (
	actStart       = "start"
	actSendOnDone  = "sendon"
	actForward     = "forward"
	actReviewSent  = "review"
	actReply       = "reply"
	actDisposition = "disposition"
)

// wfActivity is one entry of a process's history.
type wfActivity struct {
	Date    time.Time
	UserID  int64
	Action  string
	Props   map[string]any
	Comment string
}

func (p *wfProcess) logLocked(at time.Time, userID int64, action string, props map[string]any, comment string) {
	p.History = append(p.History, wfActivity{Date: at, UserID: userID, Action: action, Props: props, Comment: comment})
}

// dispositionProps are the properties of a disposition activity: the
// Smart UI's mock gives event "reject" with the label "Reject Approval"
// for a Reject disposition; the event is taken to be the disposition's
// key in lower case.
func dispositionProps(offered []wfAction, key string) map[string]any {
	label := key
	if i := slices.IndexFunc(offered, func(a wfAction) bool { return strings.EqualFold(a.Key, key) }); i >= 0 {
		label = offered[i].Label
	}
	return map[string]any{"event": strings.ToLower(key), "label": label}
}

func (s *Server) installWorkflowActivities() {
	s.api("GET /v2/processes/{process_id}/subprocesses/{subprocess_id}/activities", s.handleActivities("process_id", "subprocess_id"))
	// The same, under the names of the 2.0.2 workflow-instance API.
	s.api("GET /v2/workflows/{workflowinstance_id}/subworkflows/{subworkflowinstance_id}/activities",
		s.handleActivities("workflowinstance_id", "subworkflowinstance_id"))
}

// handleActivities serves the activities of a process the user may see
// (its initiator, its assignees, administrators), newest first, at most
// "limit" of them when given. "client" (1 for mobile clients) changes
// nothing here.
func (s *Server) handleActivities(pidName, spidName string) jsonHandler {
	return func(c *call) (any, error) {
		pid, err := c.pathID(pidName)
		if err != nil {
			return nil, err
		}
		spid, err := c.pathID(spidName)
		if err != nil {
			return nil, err
		}
		limit, err := c.queryInt("limit", 0, 0)
		if err != nil {
			return nil, err
		}
		if _, err := c.queryInt("client", 0, 0); err != nil {
			return nil, err
		}
		p := s.wf.processes[pid]
		if p == nil || spid != p.ID || !s.canSeeProcessLocked(c.userID(), p) {
			return nil, errorf(http.StatusBadRequest, "Could not access task status")
		}
		data := []any{}
		for i := len(p.History) - 1; i >= 0 && (limit == 0 || len(data) < limit); i-- {
			a := p.History[i]
			var comment any
			if a.Comment != "" {
				comment = a.Comment
			}
			e := map[string]any{"date": dateV2(a.Date), "user_id": a.UserID, "action": a.Action, "comment": comment}
			if a.Props != nil {
				e["action_properties"] = a.Props
			}
			data = append(data, e)
		}
		return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": data}}, nil
	}
}
