package xecmtest

import (
	"net/http"
	"strings"
)

// Process status changes (PUT api/v2/processes/{process_id}/status) and
// deletion (DELETE api/v2/processes/{process_id}). The spec names the
// values (suspend, resume, stop, archive, "depending on the current
// state") and the 400 answers ("No permission to change the status of the
// process", "Could not access task status"); it does not say which state
// allows which change, nor the status key of a suspended process. The
// simulator follows Content Server's workflow manager as documented for
// its UI: a running process can be suspended or stopped, a suspended one
// resumed or stopped, a finished (completed or stopped) one archived or
// deleted; "suspended" as its status key is an assumption.
const wfSuspended = "suspended"

func (s *Server) installWorkflowStatus() {
	s.api("PUT /v2/processes/{process_id}/status", s.handleProcessStatus)
	s.api("DELETE /v2/processes/{process_id}", s.handleDeleteProcess)
}

// canManageProcessLocked: the simulator's workflows are managed by their
// initiator; administrators manage all.
func (s *Server) canManageProcessLocked(userID int64, p *wfProcess) bool {
	u := s.dir.users[userID]
	return u != nil && u.Admin || p.Initiator == userID
}

func (p *wfProcess) finished() bool { return p.Status == "completed" || p.Status == "stopped" }

func (s *Server) handleProcessStatus(c *call) (any, error) {
	p, err := s.pathProcessLocked(c)
	if err != nil {
		return nil, err
	}
	if !s.canSeeProcessLocked(c.userID(), p) {
		return nil, errorf(http.StatusBadRequest, "Could not access task status")
	}
	status, _ := c.params.str("status")
	if status == "" {
		return nil, missing("status")
	}
	if !s.canManageProcessLocked(c.userID(), p) {
		return nil, errorf(http.StatusBadRequest, "No permission to change the status of the process")
	}
	denied := errorf(http.StatusBadRequest, "The status of the process cannot be changed to '%s'", status)
	switch strings.ToLower(status) {
	case "suspend":
		if p.Status != "ontime" {
			return nil, denied
		}
		p.Status = wfSuspended
	case "resume":
		if p.Status != wfSuspended {
			return nil, denied
		}
		p.Status = "ontime"
	case "stop":
		if p.finished() {
			return nil, denied
		}
		p.Status = "stopped"
		for _, t := range p.Tasks {
			if t.Status == "ontime" || t.Status == "pending" {
				t.Status = "skipped"
			}
		}
	case "archive":
		if !p.finished() || p.Archived {
			return nil, denied
		}
		p.Archived = true
	default:
		return nil, invalid("status", status)
	}
	return c.emptyResults(), nil
}

func (s *Server) handleDeleteProcess(c *call) (any, error) {
	p, err := s.pathProcessLocked(c)
	if err != nil {
		return nil, err
	}
	if !s.canSeeProcessLocked(c.userID(), p) {
		return nil, errorf(http.StatusBadRequest, "Could not access task status")
	}
	if !s.canManageProcessLocked(c.userID(), p) || !p.finished() {
		return nil, errorf(http.StatusBadRequest, "No permission to delete the process")
	}
	delete(s.wf.processes, p.ID)
	return c.emptyResults(), nil
}

// processPermsLocked is what the user may do to the process in its
// current state (the spec's workflow_Permissions).
func (s *Server) processPermsLocked(userID int64, p *wfProcess) map[string]any {
	m := s.canManageProcessLocked(userID, p)
	return map[string]any{"SeeDetail": true, "Stop": m && !p.finished(), "Suspend": m && p.Status == "ontime",
		"Delete": m && p.finished(), "Archive": m && p.finished() && !p.Archived,
		"ChangeAttr": false, "ChangeRoute": false, "ManagerPerms": false}
}
