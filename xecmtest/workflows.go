package xecmtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ApprovalMapID is the seeded approval workflow map (type 128, outside the
// Enterprise Workspace): a "Review" step assigned to jdoe, then an
// "Approve" step assigned to msmith. Both steps offer the Approve and
// Reject dispositions and the standard actions SendOn (which counts as
// Approve) and Delegate; the Review step also offers Review, which sends
// it to another user for review and, once the reviewer sends it on, back
// to its assignee (see GET api/v1/forms/processes/tasks/update).
const ApprovalMapID int64 = 2200

// DirectApprovalMapID is a seeded map with the steps of ApprovalMapID
// whose start step is disabled, so that it can start without a start
// form, in one call (POST api/v2/draftprocesses/startwf). Whether a real
// server also lets such a map start through a draft is not documented;
// the simulator does.
const DirectApprovalMapID int64 = 2201

// TypeWorkflowMap is the subtype of workflow maps.
const TypeWorkflowMap = 128

type wfStep struct {
	Name     string
	Assignee int64
	Actions  []wfAction // standard actions
	Custom   []wfAction // dispositions
}

type wfMap struct {
	NodeID int64
	Steps  []wfStep
	// NoStartStep: the map's start step is disabled, so that it starts
	// without a start form (POST api/v2/draftprocesses/startwf).
	NoStartStep bool
}

type wfDraft struct {
	ID        int64
	MapID     int64
	Initiator int64
	Docs      []int64
	Values    map[string]any
}

type wfTask struct {
	wfStep
	ID      int64
	Status  string // "pending", "ontime" (current), "completed"
	Started time.Time
	Done    time.Time
	Action  string
	Comment string
	// ReviewFrom is the assignee who sent the task for review while it
	// is with the reviewer (Assignee); 0 otherwise.
	ReviewFrom int64
	// Message is how the task reached its current assignee, if not by
	// the map: delegated, sent for review or back from a review.
	Message *wfMessage
}

type wfProcess struct {
	ID        int64
	MapID     int64
	Title     string
	Initiator int64
	Docs      []int64
	Tasks     []*wfTask
	Status    string // "ontime", "suspended", "completed", "stopped"
	Archived  bool
	Outcome   string // "approved", "rejected"
	Initiated time.Time
	DueDate   time.Time
	Values    map[string]any
	// History is what was done in the workflow, oldest first (served by
	// the activities routes, workflows_activities.go).
	History []wfActivity
}

// wfState is the workflows area.
type wfState struct {
	maps      map[int64]*wfMap
	drafts    map[int64]*wfDraft
	processes map[int64]*wfProcess
	nextID    int64
}

func (s *Server) installWorkflows() {
	s.wf = wfState{maps: map[int64]*wfMap{}, drafts: map[int64]*wfDraft{}, processes: map[int64]*wfProcess{}, nextID: 7000}
	s.addMapLocked(ApprovalMapID, "Document Approval", jdoeUserID, msmithUserID)
	s.addMapLocked(DirectApprovalMapID, "Document Approval (no start step)", jdoeUserID, msmithUserID)
	s.wf.maps[DirectApprovalMapID].NoStartStep = true
	s.api("POST /v2/draftprocesses", s.handleCreateDraft)
	s.api("PUT /v2/draftprocesses/{draftprocess_id}", s.handleUpdateDraft)
	s.api("GET /v2/members/assignments", s.handleAssignments)
	s.api("GET /v1/forms/processes/tasks/update", s.handleTaskForm)
	s.api("PUT /v2/processes/{process_id}/subprocesses/{subprocess_id}/tasks/{task_id}", s.handleTaskAction)
	s.api("GET /v2/workflows/status", s.handleWorkflowStatusList)
	s.api("GET /v2/workflows/status/processes/{process_id}", s.handleWorkflowStatus)
	s.installWorkflowStatus()
	s.installWorkflowActivities()
	s.installWorkflowDrafts()
	s.installWorkflowDocs()
	s.installWorkflowAliases()
	s.api("GET /v2/processes/{map_id}/definition", s.handleMapDefinition)
}

func (s *Server) addMapLocked(id int64, name string, reviewer, approver int64) {
	now := s.now()
	s.nodes.byID[id] = &node{
		ID: id, ParentID: -1, VolumeID: -id, Type: TypeWorkflowMap, Name: name,
		NameML: map[string]string{"en": name}, DescriptionML: map[string]string{"en": ""},
		Created: now, Modified: now, CreateUser: adminUserID, ModifyUser: adminUserID, OwnerUser: adminUserID, OwnerGroup: defaultGroupID, Rev: 1,
	}
	s.wf.maps[id] = &wfMap{NodeID: id, Steps: []wfStep{
		{Name: "Review", Assignee: reviewer, Actions: []wfAction{actSendOn, actReview, actDelegate}, Custom: approvalDispositions},
		{Name: "Approve", Assignee: approver, Actions: []wfAction{actSendOn, actDelegate}, Custom: approvalDispositions},
	}}
}

// AddApprovalMap creates another approval map (Review by reviewer, then
// Approve by approver, with the actions of ApprovalMapID) and returns its
// id. It panics on unknown users.
func (s *Server) AddApprovalMap(name string, reviewer, approver int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir.users[reviewer] == nil || s.dir.users[approver] == nil {
		panic(fmt.Sprintf("xecmtest: AddApprovalMap: unknown user %d or %d", reviewer, approver))
	}
	s.nodes.nextID++
	id := s.nodes.nextID
	s.addMapLocked(id, name, reviewer, approver)
	return id
}

// wfAuditLocked writes the invented workflow audit event on every document
// attached to the workflow (only WithInventedAuditEvents keeps them).
func (s *Server) wfAuditLocked(p *wfProcess, event int, userID int64) {
	for _, d := range p.Docs {
		if s.nodes.byID[d] != nil {
			s.recordLocked(AuditEntry{NodeID: d, EventType: event, UserID: userID})
		}
	}
}

// mapIDParam reads the required "workflow_id" of a start.
func mapIDParam(c *call) (int64, error) {
	mapID, ok, err := c.params.int64("workflow_id")
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, missing("workflow_id")
	}
	return mapID, nil
}

func (s *Server) handleCreateDraft(c *call) (any, error) {
	mapID, err := mapIDParam(c)
	if err != nil {
		return nil, err
	}
	m := s.wf.maps[mapID]
	if m == nil {
		return nil, errorf(http.StatusBadRequest, "Could not Loadmap")
	}
	docs, err := s.docIDsLocked(c)
	if err != nil {
		return nil, err
	}
	s.wf.nextID++
	d := &wfDraft{ID: s.wf.nextID, MapID: mapID, Initiator: c.userID(), Values: map[string]any{}}
	if attach, _ := c.params.str("AttachDocuments"); strings.EqualFold(attach, "true") {
		d.Docs = docs
	}
	s.wf.drafts[d.ID] = d
	out := map[string]any{"draftprocess_id": d.ID}
	if len(docs) > 0 {
		out["workflow_type"] = "1_1"
	}
	return map[string]any{"links": c.selfLinks(), "results": out}, nil
}

// docIDsLocked reads the documents to attach, "doc_ids": comma-separated
// in a string (the spec, pyxecm) or a JSON array (OpenText's Smart UI,
// workflow.model.js); each must exist and be visible to the caller.
func (s *Server) docIDsLocked(c *call) ([]int64, error) {
	var parts []string
	switch v, _ := c.params.raw("doc_ids"); v := v.(type) {
	case []any:
		for _, x := range v {
			parts = append(parts, fmt.Sprint(x))
		}
	default:
		raw, _ := c.params.str("doc_ids")
		parts = strings.Split(raw, ",")
	}
	var docs []int64
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		id, err := strconv.ParseInt(p, 10, 64)
		n := s.nodes.byID[id]
		if err != nil || n == nil || !s.canLocked(c.userID(), n, "see") {
			return nil, errorf(http.StatusBadRequest, "Error getting node from ID")
		}
		docs = append(docs, id)
	}
	return docs, nil
}

func (s *Server) handleUpdateDraft(c *call) (any, error) {
	id, err := c.firstPathID("draftprocess_id", "draftinstance_id")
	if err != nil {
		return nil, err
	}
	d := s.wf.drafts[id]
	if d == nil || d.Initiator != c.userID() {
		return nil, errorf(http.StatusBadRequest, "Could not GetNodeByID")
	}
	action, _ := c.params.str("action")
	switch strings.ToLower(action) {
	case "formupdate":
		values, err := formValues(c)
		if err != nil {
			return nil, err
		}
		for k, v := range values {
			d.Values[k] = v
		}
		return c.emptyResults(), nil
	case "initiate":
		p := s.initiateLocked(c, d)
		return map[string]any{"links": c.selfLinks(), "results": map[string]any{"custom_message": nil, "process_id": p.ID, "WorkID": p.ID, "WRID": 1}}, nil
	case "":
		return nil, errorf(http.StatusBadRequest, "Could not retrieve action")
	default:
		return nil, errorf(http.StatusBadRequest, "The requested action is unknown. Allowed actions 'initiate','formupdate'")
	}
}

// formValues reads the "values" object of a formUpdate action (a JSON
// object in the body, or a string holding one).
func formValues(c *call) (map[string]any, error) {
	raw, _ := c.params.raw("values")
	if str, isStr := raw.(string); isStr {
		var m map[string]any
		if err := json.Unmarshal([]byte(str), &m); err != nil {
			return nil, invalid("values", str)
		}
		raw = m
	}
	values, isMap := raw.(map[string]any)
	if !isMap {
		return nil, invalid("values", raw)
	}
	return values, nil
}

func (s *Server) initiateLocked(c *call, d *wfDraft) *wfProcess {
	m := s.wf.maps[d.MapID]
	now := s.now()
	p := &wfProcess{ID: d.ID, MapID: d.MapID, Title: s.nodes.byID[d.MapID].Name, Initiator: d.Initiator, Docs: d.Docs,
		Status: "ontime", Initiated: now, Values: d.Values}
	if t, ok := d.Values["WorkflowForm_Title"].(string); ok && t != "" {
		p.Title = t
	}
	if due, ok := d.Values["WorkflowForm_WorkflowDueDate"].(string); ok {
		if t, err := time.Parse("2006-01-02 15:04:05.000", due); err == nil {
			p.DueDate = t
		}
	}
	for i, st := range m.Steps {
		p.Tasks = append(p.Tasks, &wfTask{wfStep: st, ID: int64(i + 1), Status: "pending"})
	}
	p.Tasks[0].Status, p.Tasks[0].Started = "ontime", now
	comment, _ := c.params.str("comment")
	p.logLocked(now, c.userID(), actStart, nil, comment)
	delete(s.wf.drafts, d.ID)
	s.wf.processes[p.ID] = p
	s.wfAuditLocked(p, EventWorkflowInitiated, c.userID())
	return p
}

func (p *wfProcess) current() *wfTask {
	for _, t := range p.Tasks {
		if t.Status == "ontime" {
			return t
		}
	}
	return nil
}

func (s *Server) handleAssignments(c *call) (any, error) {
	var procs []*wfProcess
	for _, p := range s.wf.processes {
		if t := p.current(); t != nil && t.Assignee == c.userID() {
			procs = append(procs, p)
		}
	}
	slices.SortFunc(procs, func(a, b *wfProcess) int { return cmp.Compare(a.ID, b.ID) })
	results := []any{}
	for _, p := range procs {
		t := p.current()
		from := p.Initiator
		if t.Message != nil {
			from = t.Message.Performer
		}
		results = append(results, map[string]any{"data": map[string]any{"assignments": map[string]any{
			"id": p.ID, "name": t.Name, "description": p.Title, "instructions": t.instructions(),
			"date_due": dateV2(p.DueDate), "from_user_id": from, "location_id": p.MapID, "priority": 50, "priority_name": "Medium",
			"status": 0, "status_name": "OK", "type": 153, "type_name": "Workflow Task", "workflow_id": p.ID,
			"workflow_subworkflow_id": p.ID, "workflow_subworkflow_task_id": t.ID, "workflow_open_in_smart_ui": true,
		}}})
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

func (s *Server) pathProcessLocked(c *call) (*wfProcess, error) {
	pid, err := c.firstPathID("process_id", "workflowinstance_id")
	if err != nil {
		return nil, err
	}
	p := s.wf.processes[pid]
	if p == nil {
		return nil, errorf(http.StatusBadRequest, "Could not access task status")
	}
	return p, nil
}

func (s *Server) assigneeJSONLocked(id int64) map[string]any {
	u := s.dir.users[id]
	if u == nil {
		return map[string]any{"userId": id}
	}
	return map[string]any{"userId": u.ID, "loginName": u.Name, "firstName": u.FirstName, "lastName": u.LastName, "emailAddress": u.Email, "phone": ""}
}

func (s *Server) taskJSONLocked(p *wfProcess, t *wfTask) map[string]any {
	status := t.Status
	return map[string]any{"process_id": p.ID, "subprocess_id": p.ID, "task_id": t.ID, "task_name": t.Name,
		"task_due_date": dateV2(p.DueDate), "task_start_date": dateV2(t.Started), "task_status": status,
		"task_assignees": map[string]any{"assignee": []any{s.assigneeJSONLocked(t.Assignee)}, "assigneeCount": 1,
			"currentAssignee": s.assigneeJSONLocked(t.Assignee)["loginName"]}}
}

// canSeeProcessLocked: the initiator, the assignees (a task's sender for
// review among them) and administrators.
func (s *Server) canSeeProcessLocked(userID int64, p *wfProcess) bool {
	if u := s.dir.users[userID]; u != nil && u.Admin || p.Initiator == userID {
		return true
	}
	return slices.ContainsFunc(p.Tasks, func(t *wfTask) bool { return t.Assignee == userID || t.ReviewFrom == userID })
}

func (s *Server) handleWorkflowStatus(c *call) (any, error) {
	p, err := s.pathProcessLocked(c)
	if err != nil {
		return nil, err
	}
	if !s.canSeeProcessLocked(c.userID(), p) {
		return nil, errorf(http.StatusBadRequest, "Could not access task status")
	}
	steps := map[string][]any{"completed": {}, "current": {}, "next": {}}
	for _, t := range p.Tasks {
		switch t.Status {
		case "completed":
			steps["completed"] = append(steps["completed"], s.taskJSONLocked(p, t))
		case "ontime":
			steps["current"] = append(steps["current"], s.taskJSONLocked(p, t))
		case "pending":
			steps["next"] = append(steps["next"], s.taskJSONLocked(p, t))
		}
	}
	var docs []any
	for _, d := range p.Docs {
		if n := s.nodes.byID[d]; n != nil {
			docs = append(docs, map[string]any{"id": n.ID, "name": n.Name, "type": n.Type})
		}
	}
	initiator := s.assigneeJSONLocked(p.Initiator)
	delete(initiator, "emailAddress")
	delete(initiator, "phone")
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{
		"attachments":   map[string]any{"data": docs},
		"data_packages": []any{},
		"permissions":   s.processPermsLocked(c.userID(), p),
		"step_list":     steps,
		"wf_details": map[string]any{"wf_name": p.Title, "status": p.Status, "date_initiated": dateV2(p.Initiated), "due_date": dateV2(p.DueDate),
			"initiator": initiator, "work_workID": p.ID},
	}}, nil
}

func (s *Server) handleWorkflowStatusList(c *call) (any, error) {
	kind := c.query.Get("Kind")
	switch kind {
	case "", "Managed", "Initiated", "Both":
	default:
		return nil, invalid("Kind", kind)
	}
	wstatus := c.query.Get("wstatus")
	switch wstatus {
	case "", "ontime", "workflowlate", "completed", "stopped":
	default:
		return nil, invalid("wstatus", wstatus)
	}
	order, err := workflowOrder(c.query.Get("sort"))
	if err != nil {
		return nil, err
	}
	var procs []*wfProcess
	for _, p := range s.wf.processes {
		// The simulator's workflows are managed by their initiator.
		if p.Initiator != c.userID() {
			continue
		}
		late := p.Status == "ontime" && !p.DueDate.IsZero() && s.now().After(p.DueDate)
		switch wstatus {
		case "ontime":
			if p.Status != "ontime" || late {
				continue
			}
		case "workflowlate":
			if !late {
				continue
			}
		case "completed", "stopped":
			if p.Status != wstatus {
				continue
			}
		}
		procs = append(procs, p)
	}
	slices.SortFunc(procs, order)
	results := []any{}
	for _, p := range procs {
		st := map[string]any{"process_id": p.ID, "subprocess_id": p.ID, "wf_name": p.Title, "status_key": p.Status,
			"date_initiated": dateV2(p.Initiated), "due_date": dateV2(p.DueDate), "steps_count": len(p.Tasks), "comments_on": true,
			"assignee": []any{}, "assignee_count": 0}
		if t := p.current(); t != nil {
			st["task_id"], st["step_name"] = t.ID, t.Name
			st["assignee"], st["assignee_count"] = []any{s.assigneeJSONLocked(t.Assignee)}, 1
			st["current_assignee"] = s.assigneeJSONLocked(t.Assignee)["loginName"]
		}
		results = append(results, map[string]any{"data": map[string]any{"wfstatus": st}})
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

// workflowOrder is the order of a status list sort (the spec's "key
// direction" values); ties, and no sort, go by process id (newest first
// without a sort).
func workflowOrder(sortBy string) (func(a, b *wfProcess) int, error) {
	if sortBy == "" {
		return func(a, b *wfProcess) int { return cmp.Compare(b.ID, a.ID) }, nil
	}
	key, dir, _ := strings.Cut(sortBy, " ")
	var by func(a, b *wfProcess) int
	switch key {
	case "status_key":
		by = func(a, b *wfProcess) int { return cmp.Compare(a.Status, b.Status) }
	case "due_date":
		by = func(a, b *wfProcess) int { return a.DueDate.Compare(b.DueDate) }
	case "wf_name":
		by = func(a, b *wfProcess) int { return cmp.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)) }
	case "date_initiated":
		by = func(a, b *wfProcess) int { return a.Initiated.Compare(b.Initiated) }
	}
	if by == nil || dir != "asc" && dir != "desc" {
		return nil, invalid("sort", sortBy)
	}
	return func(a, b *wfProcess) int {
		r := cmp.Or(by(a, b), cmp.Compare(a.ID, b.ID))
		if dir == "desc" {
			return -r
		}
		return r
	}, nil
}

// AddEmptyDocument creates a document node without content under parentID
// as Admin and returns its id (the Create event is audited), for tests
// that need a document to attach to a workflow or file in a workspace but
// not its content. It panics when the parent does not exist or the name is
// invalid or taken.
func (s *Server) AddEmptyDocument(parentID int64, name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.insertNodeLocked(newNode{ParentID: parentID, Type: TypeDocument, Name: name, MimeType: "application/octet-stream"}, adminUserID)
	if err != nil {
		panic(fmt.Sprintf("xecmtest: AddEmptyDocument(%d, %q): %v", parentID, name, err))
	}
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventCreate, UserID: adminUserID})
	return n.ID
}
