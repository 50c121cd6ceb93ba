package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// rsiApproval is one entry of an RSI's approval history.
type rsiApproval struct {
	Stage           string
	UserID, OwnerID int64
	Approved, At    time.Time
	Comment         string
}

// rsiAdmin holds the id counters of RSI administration.
type rsiAdmin struct {
	nextRSI, nextStage int64
}

// installRSIAdmin registers the RSI administration routes of the RM spec:
// RSIs and their stages created, changed, deleted and approved.
func (s *Server) installRSIAdmin() {
	s.rm.rsiAdmin = rsiAdmin{nextRSI: 600, nextStage: 6000}
	s.api("POST /v2/rsischedules", s.handleCreateRSI)
	s.api("DELETE /v2/rsischedules", s.handleDeleteRSIByQuery)
	s.api("PUT /v2/rsischedules/{id}", s.handleUpdateRSI)
	s.api("DELETE /v2/rsischedules/{id}", s.handleDeleteRSI)
	s.api("POST /v2/rsischedules/{id}/stages", s.handleAddRSIStage)
	s.api("PUT /v2/rsischedules/{id}/stages/{stageId}", s.handleUpdateRSIStage)
	s.api("DELETE /v2/rsischedules/{id}/stages/{stageId}", s.handleDeleteRSIStage)
	s.api("PUT /v2/rsischedules/{id}/approve/{stageId}", s.handleApproveRSIStage)
	s.api("GET /v2/rsischedules/{id}/approvalhistory", s.handleRSIApprovalHistory)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// errIncorrectRSI is the spec's 400 for an RSI that is not there.
func errIncorrectRSI() error { return errorf(http.StatusBadRequest, "Incorrect RSI specified") }

func (s *Server) rsiByID(id int64) *rsi {
	for _, r := range s.rm.rsis {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func (s *Server) pathRSILocked(c *call) (*rsi, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	r := s.rsiByID(id)
	if r == nil {
		return nil, errIncorrectRSI()
	}
	return r, nil
}

// rsiDateParam reads a YYYY-MM-DDTHH:mm:ss (or YYYY-MM-DD) parameter.
func (c *call) rsiDateParam(name string, dst *time.Time) error {
	v, ok := c.params.str(name)
	if !ok || v == "" {
		return nil
	}
	t, ok := parseDateParam(v, false)
	if !ok {
		return invalid(name, v)
	}
	*dst = t
	return nil
}

// boolParam reads a true/false parameter into dst when it is sent.
func (c *call) boolParam(name string, dst *bool) error {
	v, ok := c.params.str(name)
	if !ok || v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return invalid(name, v)
	}
	*dst = b
	return nil
}

// handleCreateRSI is POST api/v2/rsischedules (form fields of the spec's
// RSI schema, as pyxecm sends them); the answer is ApiResponse with the
// new RSI's id. The RSI has no stages yet.
func (s *Server) handleCreateRSI(c *call) (any, error) {
	name, _ := c.params.str("name")
	status, _ := c.params.str("status")
	if name = strings.TrimSpace(name); name == "" {
		return nil, missing("name")
	}
	if status = strings.TrimSpace(status); status == "" {
		return nil, missing("status")
	}
	if s.rsiByName(name) != nil {
		return rmFailure("The RSI '%s' already exists.", name), nil
	}
	now := s.now()
	r := &rsi{Name: name, Status: status, Created: now, StatusDate: now}
	if err := c.rsiDateParam("statusDate", &r.StatusDate); err != nil {
		return nil, err
	}
	if err := c.boolParam("dispcontrol", &r.DispControl); err != nil {
		return nil, err
	}
	for k, dst := range map[string]*string{"title": &r.Title, "subject": &r.Subject, "description": &r.Description,
		"sourceApp": &r.SourceApp, "editingApp": &r.EditApp} {
		if v, ok := c.params.str(k); ok {
			*dst = v
		}
	}
	s.rm.rsiAdmin.nextRSI++
	r.ID = s.rm.rsiAdmin.nextRSI
	s.rm.rsis = append(s.rm.rsis, r)
	return map[string]any{"results": map[string]any{"ok": true, "id": r.ID}}, nil
}

// handleUpdateRSI is PUT api/v2/rsischedules/{id} (the spec's RSIUpdate
// fields); it answers the RSI's rows, as GET api/v2/rsis/{id} does.
func (s *Server) handleUpdateRSI(c *call) (any, error) {
	r, err := s.pathRSILocked(c)
	if err != nil {
		return nil, err
	}
	cp := *r
	if v, ok := c.params.str("newName"); ok {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil, invalid("newName", v)
		}
		if o := s.rsiByName(v); o != nil && o.ID != r.ID {
			return rmFailure("The RSI '%s' already exists.", v), nil
		}
		cp.Name = v
	}
	for k, dst := range map[string]*string{"status": &cp.Status, "title": &cp.Title, "subject": &cp.Subject,
		"description": &cp.Description, "discontinueComment": &cp.DiscontComment, "editingApp": &cp.EditApp} {
		if v, ok := c.params.str(k); ok {
			*dst = v
		}
	}
	if err := c.rsiDateParam("statusDate", &cp.StatusDate); err != nil {
		return nil, err
	}
	if err := c.rsiDateParam("discontinueDate", &cp.DiscontDate); err != nil {
		return nil, err
	}
	if err := c.boolParam("discontinue", &cp.Discontinued); err != nil {
		return nil, err
	}
	if err := c.boolParam("dispcontrol", &cp.DispControl); err != nil {
		return nil, err
	}
	if cp.Name != r.Name {
		// Records carry the RSI by name: they follow the rename.
		for _, rec := range s.rm.records {
			if rec.RSI == r.Name {
				rec.RSI = cp.Name
			}
		}
	}
	*r = cp
	return s.rsiPage(c, rsiRows(r))
}

// rsiInUseLocked reports whether a record or an RM classification carries
// the RSI.
func (s *Server) rsiInUseLocked(r *rsi) bool {
	for _, rec := range s.rm.records {
		if rec.RSI == r.Name {
			return true
		}
	}
	for _, cl := range s.rm.classes {
		if cl.RSI == r.Name {
			return true
		}
	}
	return false
}

// deleteRSILocked deletes r. The spec gives only "400 Bad Request" for a
// refused delete; an RSI that records or classifications still carry is
// refused here so that no record is left naming an RSI that is gone.
func (s *Server) deleteRSILocked(r *rsi) any {
	if s.rsiInUseLocked(r) {
		return rmFailure("The RSI '%s' is in use.", r.Name)
	}
	s.rm.rsis = slices.DeleteFunc(s.rm.rsis, func(x *rsi) bool { return x.ID == r.ID })
	return map[string]any{"results": map[string]any{"ok": true, "id": r.ID}}
}

func (s *Server) handleDeleteRSI(c *call) (any, error) {
	r, err := s.pathRSILocked(c)
	if err != nil {
		return nil, err
	}
	return s.deleteRSILocked(r), nil
}

// handleDeleteRSIByQuery is DELETE api/v2/rsischedules?id=|name=.
func (s *Server) handleDeleteRSIByQuery(c *call) (any, error) {
	var r *rsi
	switch id, name := c.query.Get("id"), c.query.Get("name"); {
	case id != "":
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, invalid("id", id)
		}
		r = s.rsiByID(n)
	case name != "":
		r = s.rsiByName(name)
	default:
		return nil, errorf(http.StatusBadRequest, "Either the id or the name parameter must be provided.")
	}
	if r == nil {
		return nil, errIncorrectRSI()
	}
	return s.deleteRSILocked(r), nil
}

// stageFields applies the RSISchedule / RSIScheduleUpdate fields the
// simulator models to st. Other fields of the schema (category
// attributes, year end, fixed dates, version purging) are accepted and
// not kept: no simulated behaviour reads them.
func (c *call) stageFields(st *rsiStage) error {
	if v, ok := c.params.str("objectType"); ok {
		if v != "LIV" && v != "LRM" {
			return invalid("objectType", v)
		}
		st.ObjectType = v
	}
	ints := map[string]*int{"eventType": &st.EventType, "dateToUse": &st.DateToUse, "retentionYears": &st.Years,
		"retentionMonths": &st.Months, "retentionDays": &st.Days, "actionCode": &st.ActionCode}
	for k, dst := range ints {
		v, ok := c.params.str(k)
		if !ok || v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return invalid(k, v)
		}
		*dst = n
	}
	if st.EventType < 1 || st.EventType > 5 {
		return invalid("eventType", st.EventType)
	}
	for k, dst := range map[string]*string{"ruleCode": &st.RuleCode, "ruleComment": &st.RuleComment, "disposition": &st.Disposition,
		"description": &st.Description, "newStatus": &st.NewStatus} {
		if v, ok := c.params.str(k); ok {
			*dst = v
		}
	}
	return nil
}

// handleAddRSIStage is POST api/v2/rsischedules/{id}/stages; objectType,
// stage and eventType are required. The stage waits for approval.
func (s *Server) handleAddRSIStage(c *call) (any, error) {
	r, err := s.pathRSILocked(c)
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"objectType", "stage", "eventType"} {
		if v, _ := c.params.str(k); strings.TrimSpace(v) == "" {
			return nil, missing(k)
		}
	}
	stage, _ := c.params.str("stage")
	if slices.ContainsFunc(r.Stages, func(st rsiStage) bool { return st.Stage == stage }) {
		return rmFailure("The stage '%s' already exists for RSI '%s'.", stage, r.Name), nil
	}
	st := rsiStage{Stage: stage}
	if err := c.stageFields(&st); err != nil {
		return nil, err
	}
	s.rm.rsiAdmin.nextStage++
	st.ID = s.rm.rsiAdmin.nextStage
	r.Stages = append(r.Stages, st)
	return map[string]any{"results": map[string]any{"ok": true, "id": st.ID}}, nil
}

func (s *Server) pathStageLocked(c *call) (*rsi, int, error) {
	r, err := s.pathRSILocked(c)
	if err != nil {
		return nil, 0, err
	}
	id, err := c.pathID("stageId")
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(r.Stages, func(st rsiStage) bool { return st.ID == id })
	if i < 0 {
		return nil, 0, errorf(http.StatusBadRequest, "Incorrect RSI schedule specified")
	}
	return r, i, nil
}

func (s *Server) handleUpdateRSIStage(c *call) (any, error) {
	r, i, err := s.pathStageLocked(c)
	if err != nil {
		return nil, err
	}
	st := r.Stages[i]
	if err := c.stageFields(&st); err != nil {
		return nil, err
	}
	r.Stages = slices.Clone(r.Stages)
	r.Stages[i] = st
	return map[string]any{"results": map[string]any{"ok": true, "id": st.ID}}, nil
}

func (s *Server) handleDeleteRSIStage(c *call) (any, error) {
	r, i, err := s.pathStageLocked(c)
	if err != nil {
		return nil, err
	}
	r.Stages = slices.Delete(slices.Clone(r.Stages), i, i+1)
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

// handleApproveRSIStage is PUT api/v2/rsischedules/{id}/approve/{stageId}.
// An approval is added to the RSI's history; the spec's history entry has
// no field telling an approval from its removal, so a removal only clears
// the stage's approval flag.
func (s *Server) handleApproveRSIStage(c *call) (any, error) {
	r, i, err := s.pathStageLocked(c)
	if err != nil {
		return nil, err
	}
	action, _ := c.params.str("updateApproval")
	switch action {
	case "":
		return nil, missing("updateApproval")
	case "removeapproval":
		r.Stages = slices.Clone(r.Stages)
		r.Stages[i].Approved = false
		return map[string]any{"results": map[string]any{"ok": true}}, nil
	case "updateapproval":
	default:
		return nil, invalid("updateApproval", action)
	}
	a := rsiApproval{Stage: r.Stages[i].Stage, UserID: c.userID(), OwnerID: c.userID(), At: s.now()}
	a.Approved = a.At
	if id, ok, err := c.params.int64("approvedByUserID"); err != nil {
		return nil, err
	} else if ok {
		if s.dir.users[id] == nil {
			return nil, invalid("approvedByUserID", id)
		}
		a.UserID = id
	}
	if err := c.rsiDateParam("approvedDate", &a.Approved); err != nil {
		return nil, err
	}
	a.Comment, _ = c.params.str("approvalComment")
	r.Stages = slices.Clone(r.Stages)
	r.Stages[i].Approved = true
	r.Approvals = append(r.Approvals, a)
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

// handleRSIApprovalHistory is GET api/v2/rsischedules/{id}/approvalhistory
// (view_RSIApprovalHistory: top-level paging, entries in data[].data,
// newest first). Both dates are the spec's "format: date".
func (s *Server) handleRSIApprovalHistory(c *call) (any, error) {
	r, err := s.pathRSILocked(c)
	if err != nil {
		return nil, err
	}
	rows := make([]any, 0, len(r.Approvals))
	for i := len(r.Approvals) - 1; i >= 0; i-- {
		a := r.Approvals[i]
		rows = append(rows, map[string]any{"data": map[string]any{"user_id": a.UserID, "owner_id": a.OwnerID, "ret_stage": a.Stage,
			"approved_date": a.Approved.UTC().Format(time.DateOnly), "approval_date": a.At.UTC().Format(time.DateOnly),
			"approval_comments": a.Comment}})
	}
	pg, limit, err := c.pageRequest(defaultRSILimit)
	if err != nil {
		return nil, err
	}
	page, p := paginate(rows, pg, limit)
	return map[string]any{"paging": p, "data": page, "title": r.Name, "rsi_unique_id": r.ID}, nil
}
