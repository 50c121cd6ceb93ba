package xecmtest

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Seeded records management data (reference §7). The Classification
// Volume ClassificationVolumeID (subtype 198) holds the classification tree
// RMClassVolumeID "RM Classifications" (subtype 196), which holds the RM
// classifications (subtype 199), as pyxecm's get_node_by_volume_and_path
// builds them; a classification is found by its path from the volume,
// such as "RM Classifications/Corporate Records/Contracts":
//
//	41000 Corporate Records        file number CR
//	  41320 Contracts              CR-CON   (RSI CON-7Y)
//	  41321 Customer Files         CR-CUS   (RSI CUS-10Y)
//	41400 Human Resources          HR       (RSI HR-PERM)
//
// Standard classifications: 219555 Finance, 219556 Legal, 219557 Sales.
// RSIs: 501 CON-7Y (two stages), 502 CUS-10Y, 503 HR-PERM. Holds: 13
// "Litigation 2025" (type LEGAL) and 14 "Tax Audit" (type AUDIT), active;
// 15 "Closed Matter" (type LEGAL), inactive.
const (
	RMClassVolumeID       int64 = 2164
	RMClassCorporate      int64 = 41000
	RMClassContracts      int64 = 41320
	RMClassCustomerFiles  int64 = 41321
	RMClassHumanResources int64 = 41400
	ClassificationFinance int64 = 219555
	ClassificationLegal   int64 = 219556
	ClassificationSales   int64 = 219557
	HoldLitigation        int64 = 13
	HoldTaxAudit          int64 = 14
	HoldClosedMatter      int64 = 15
	RSIContractsID        int64 = 501
	RSICustomerFilesID    int64 = 502
	RSIHumanResourcesID   int64 = 503
	// ClassificationVolumeID is the Classification Volume (subtype 198).
	ClassificationVolumeID int64 = 2165
)

// classificationVolumeID is the volume of the standard classifications.
const classificationVolumeID = ClassificationVolumeID

// rmClass is a node of the RM classification tree.
type rmClass struct {
	ID, ParentID int64
	Name         string
	FileNumber   string
	RSI          string
}

// recordInfo is the RM classification and record details of a node.
type recordInfo struct {
	ClassID                              int64
	RecordDate, StatusDate, ReceivedDate time.Time
	LastReviewDate, NextReviewDate       time.Time
	Status, Essential, Storage, RSI      string
	Accession, Subject, Originator       string
	Addressee, SentTo, Establishment     string
	Official                             bool
	CyclePeriod                          int
}

// rsiStage is one retention stage of an RSI.
type rsiStage struct {
	ID                int64
	Stage, ObjectType string
	EventType         int
	RuleCode          string
	DateToUse         int
	Years, Months     int
	ActionCode        int
	Disposition       string
	Days              int
	RuleComment       string
	Description       string
	NewStatus         string
	Approved          bool
}

// rsi is a retention schedule.
type rsi struct {
	ID                   int64
	Name, Title, Subject string
	Description, Status  string
	Created, StatusDate  time.Time
	Stages               []rsiStage
	DispControl          bool
	Discontinued         bool
	DiscontDate          time.Time
	DiscontComment       string
	SourceApp, EditApp   string
	Approvals            []rsiApproval
}

// recordStore is the state of the records management area.
type recordStore struct {
	classes   map[int64]*rmClass
	classOrd  []int64
	std       map[int64]string // standard classification id -> name
	records   map[int64]*recordInfo
	rev       map[int64]int64 // node -> RM revision (source of rm_metadataToken)
	stdOnNode map[int64][]int64
	rsis      []*rsi
	rsiAdmin  rsiAdmin
	holds     holdStore
	codes     map[string]*rmCodeTable // RM code tables by the POST's table name
}

func (s *Server) installRecords() {
	now := s.now()
	s.rm = recordStore{
		classes: map[int64]*rmClass{}, std: map[int64]string{ClassificationFinance: "Finance", ClassificationLegal: "Legal", ClassificationSales: "Sales"},
		records: map[int64]*recordInfo{}, rev: map[int64]int64{}, stdOnNode: map[int64][]int64{},
	}
	for _, c := range []*rmClass{
		{ID: RMClassCorporate, ParentID: RMClassVolumeID, Name: "Corporate Records", FileNumber: "CR"},
		{ID: RMClassContracts, ParentID: RMClassCorporate, Name: "Contracts", FileNumber: "CR-CON", RSI: "CON-7Y"},
		{ID: RMClassCustomerFiles, ParentID: RMClassCorporate, Name: "Customer Files", FileNumber: "CR-CUS", RSI: "CUS-10Y"},
		{ID: RMClassHumanResources, ParentID: RMClassVolumeID, Name: "Human Resources", FileNumber: "HR", RSI: "HR-PERM"},
	} {
		s.rm.classes[c.ID] = c
		s.rm.classOrd = append(s.rm.classOrd, c.ID)
	}
	s.rm.rsis = []*rsi{
		{ID: RSIContractsID, Name: "CON-7Y", Title: "Contracts", Subject: "Signed contracts", Description: "Keep 7 years after signature",
			Status: "ACTIVE", Created: now, StatusDate: now, Stages: []rsiStage{
				{ID: 5011, Stage: "ACTIVE", ObjectType: "LIV", EventType: 1, RuleCode: "SIGNED", DateToUse: 95, Years: 2, ActionCode: 1, Approved: true},
				{ID: 5012, Stage: "INACTIVE", ObjectType: "LIV", EventType: 1, RuleCode: "SIGNED", DateToUse: 95, Years: 5, ActionCode: 32, Disposition: "DESTROY", Approved: true},
			}},
		{ID: RSICustomerFilesID, Name: "CUS-10Y", Title: "Customer files", Status: "ACTIVE", Created: now, StatusDate: now, Stages: []rsiStage{
			{ID: 5021, Stage: "ACTIVE", ObjectType: "LIV", EventType: 1, DateToUse: 93, Years: 10, ActionCode: 32, Disposition: "DESTROY", Approved: true},
		}},
		{ID: RSIHumanResourcesID, Name: "HR-PERM", Title: "Personnel records", Status: "ACTIVE", Created: now, StatusDate: now, Stages: []rsiStage{
			{ID: 5031, Stage: "PERMANENT", ObjectType: "LIV", EventType: 5, Approved: true},
		}},
	}
	s.installClassificationNodes(now)
	s.installHolds(now)
	s.nodes.hooks.roles["rmclassifications"] = func(s *Server, c *call, n *node, v any) error {
		return s.applyRMRoleLocked(c, n, v)
	}
	s.nodes.hooks.roles["classifications"] = func(s *Server, c *call, n *node, v any) error {
		return s.applyClassificationsRoleLocked(c, n, v)
	}
	s.nodes.hooks.copied = append(s.nodes.hooks.copied, func(s *Server, c *call, src, dst *node) error {
		if r := s.rm.records[src.ID]; r != nil {
			cp := *r
			s.rm.records[dst.ID] = &cp
		}
		if ids := s.rm.stdOnNode[src.ID]; len(ids) > 0 {
			s.rm.stdOnNode[dst.ID] = slices.Clone(ids)
		}
		return nil
	})
	s.nodes.hooks.deleted = append(s.nodes.hooks.deleted, func(s *Server, n *node) {
		delete(s.rm.records, n.ID)
		delete(s.rm.stdOnNode, n.ID)
		delete(s.rm.rev, n.ID)
		delete(s.rm.holds.onNode, n.ID)
	})

	s.api("GET /v1/nodes/{id}/rmclassifications", s.handleGetRM)
	s.api("POST /v1/nodes/{id}/rmclassifications", s.handleApplyRM)
	s.api("PUT /v1/nodes/{id}/rmclassifications", s.handleUpdateRM)
	s.api("DELETE /v1/nodes/{id}/rmclassifications/{class_id}", s.handleRemoveRM)
	s.api("POST /v1/nodes/{id}/rmclassifications/{class_id}/rsis", s.handleAssignRSI)
	s.api("DELETE /v1/nodes/{id}/rmclassifications/{class_id}/rsis", s.handleRemoveRSI)
	s.api("GET /v1/nodes/{id}/classifications", s.handleGetClassifications)
	s.api("POST /v1/nodes/{id}/classifications", s.handleSetClassifications)
	s.api("DELETE /v1/nodes/{id}/classifications", s.handleClearClassifications)
	s.api("DELETE /v1/nodes/{id}/classifications/{class_id}", s.handleRemoveClassification)
	s.api("GET /v2/rsis", s.handleListRSIs)
	s.api("GET /v2/rsis/{id}", s.handleGetRSI)
	s.installRSIAdmin()
	s.installRecordLists()
	s.installRMCodes()
}

func (s *Server) rmToken(nodeID int64) string {
	sum := md5.Sum([]byte(fmt.Sprintf("rm:%d:%d", nodeID, s.rm.rev[nodeID])))
	return hex.EncodeToString(sum[:])
}

// rmChangedLocked bumps the RM revision of n and audits the change.
func (s *Server) rmChangedLocked(c *call, n *node) {
	s.rm.rev[n.ID]++
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventClassificationApplied, UserID: c.userID()})
}

// startOfDay is the midnight (UTC) that starts t's day: record dates are days
// (the spec's "format: date"; the reference's samples read
// "2026-04-16T00:00:00").
func startOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// rmDate is a v1 RM date: zone-less, or null.
func rmDate(t time.Time) any { return dateNoZone(t) }

func (s *Server) recordWire(r *recordInfo) map[string]any {
	cl := s.rm.classes[r.ClassID]
	rsiV := any(nil)
	if r.RSI != "" {
		rsiV = r.RSI
	}
	cycle := any(nil)
	if r.CyclePeriod != 0 {
		cycle = r.CyclePeriod
	}
	str := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	return map[string]any{
		"rmclassification_id": r.ClassID, "name": cl.Name, "file_number": cl.FileNumber, "rsi": rsiV,
		"record_date": rmDate(r.RecordDate), "file_status": str(r.Status), "status_date": rmDate(r.StatusDate),
		"received_date": rmDate(r.ReceivedDate), "essential": str(r.Essential), "cycle_period": cycle,
		"last_review_date": rmDate(r.LastReviewDate), "next_review_date": rmDate(r.NextReviewDate),
		"official": r.Official, "storage": str(r.Storage), "accession": str(r.Accession), "subject": str(r.Subject),
		"originator": str(r.Originator), "addressee": str(r.Addressee), "sent_to": str(r.SentTo),
		"establishment": str(r.Establishment), "inherited_rmclassification_id": nil, "default_rmclassification_id": nil,
		"multiple_classifications": []any{map[string]any{"classNumber": r.ClassID, "fileNumber": cl.FileNumber, "primary": true, "rsi": rsiV}},
	}
}

func (s *Server) handleGetRM(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	data := []any{}
	if r := s.rm.records[n.ID]; r != nil {
		data = append(data, s.recordWire(r))
	}
	return map[string]any{
		"canRMClassify": true, "classVolumeID": RMClassVolumeID, "rm_metadataToken": s.rmToken(n.ID),
		"data": data, "definitions": map[string]any{}, "fields_order": []string{"rmclassification_id", "file_number", "rsi",
			"record_date", "file_status", "status_date", "received_date", "essential", "cycle_period", "last_review_date",
			"next_review_date", "official", "storage", "accession", "subject", "originator"},
		"fields_to_show": map[string]any{}, "inherit_from": false, "multiClass": false,
	}, nil
}

// recordFields applies the record detail parameters of p to r.
func recordFields(p params, r *recordInfo) error {
	dates := map[string]*time.Time{"record_date": &r.RecordDate, "status_date": &r.StatusDate, "received_date": &r.ReceivedDate,
		"last_review_date": &r.LastReviewDate, "next_review_date": &r.NextReviewDate}
	for k, dst := range dates {
		if v, ok := p.str(k); ok && v != "" {
			t, ok := parseDateParam(v, false)
			if !ok {
				return invalid(k, v)
			}
			*dst = startOfDay(t)
		}
	}
	texts := map[string]*string{"essential": &r.Essential, "storage": &r.Storage, "accession": &r.Accession,
		"subject": &r.Subject, "originator": &r.Originator, "addressee": &r.Addressee, "sent_to": &r.SentTo, "establishment": &r.Establishment}
	for k, dst := range texts {
		if v, ok := p.str(k); ok {
			*dst = v
		}
	}
	for _, k := range []string{"status", "file_status"} {
		if v, ok := p.str(k); ok {
			r.Status = v
		}
	}
	if v, ok := p.str("official"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return invalid("official", v)
		}
		r.Official = b
	}
	if v, ok := p.str("cycle_period"); ok && v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains([]int{1, 2, 3, 7, 12, 365}, n) {
			return errorf(http.StatusBadRequest, "Incorrect Cycle Period specified.")
		}
		r.CyclePeriod = n
	}
	if v, ok := p.str("rsi"); ok {
		r.RSI = v
	}
	return nil
}

// checkRMToken answers 409 when the request's rm_metadataToken is stale.
func (s *Server) checkRMToken(c *call, n *node, required bool) error {
	tok, ok := c.params.str("rm_metadataToken")
	if !ok || tok == "" {
		tok = c.query.Get("rm_metadataToken")
	}
	if tok == "" {
		if required {
			return missing("rm_metadataToken")
		}
		return nil
	}
	if tok != s.rmToken(n.ID) {
		return errorf(http.StatusConflict, "Could not update metadata (edit conflict).")
	}
	return nil
}

func (s *Server) handleApplyRM(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	classID, ok, err := c.params.int64("class_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("class_id")
	}
	// The spec marks rm_metadataToken required, but pyxecm sends it only
	// when the node already has an RM classification ("required if
	// changing an RM Classification to another") and classifies new items
	// without it, so the first classification needs none; a stale token
	// is still refused.
	_, classified := s.rm.records[n.ID]
	if err := s.checkRMToken(c, n, classified); err != nil {
		return nil, err
	}
	r, err := s.newRecordLocked(classID, c.params)
	if err != nil {
		return nil, err
	}
	s.rm.records[n.ID] = r
	s.rmChangedLocked(c, n)
	return map[string]any{"results": map[string]any{"ok": true, "id": n.ID}}, nil
}

// newRecordLocked makes the record details of a node newly classified
// under classID from request parameters.
func (s *Server) newRecordLocked(classID int64, p params) (*recordInfo, error) {
	cl := s.rm.classes[classID]
	if cl == nil {
		return nil, errorf(http.StatusBadRequest, "Invalid RM Classification ID %d.", classID)
	}
	today := startOfDay(s.now())
	r := &recordInfo{ClassID: classID, RecordDate: today, Status: "ACTIVE", StatusDate: today, Storage: "EL", Essential: "NR", RSI: cl.RSI}
	if err := recordFields(p, r); err != nil {
		return nil, err
	}
	if r.RSI != "" && s.rsiByName(r.RSI) == nil {
		return nil, errorf(http.StatusBadRequest, "Incorrect RSI specified.")
	}
	return r, nil
}

func (s *Server) handleUpdateRM(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	r := s.rm.records[n.ID]
	if r == nil {
		return nil, errorf(http.StatusBadRequest, "The item %d has no RM Classification.", n.ID)
	}
	if err := s.checkRMToken(c, n, true); err != nil {
		return nil, err
	}
	cp := *r
	if err := recordFields(c.params, &cp); err != nil {
		return nil, err
	}
	if cp.RSI != "" && s.rsiByName(cp.RSI) == nil {
		return nil, errorf(http.StatusBadRequest, "Incorrect RSI specified.")
	}
	*r = cp
	s.rmChangedLocked(c, n)
	return map[string]any{"results": map[string]any{"ok": true, "id": n.ID}}, nil
}

func (s *Server) handleRemoveRM(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	classID, err := c.pathID("class_id")
	if err != nil {
		return nil, err
	}
	r := s.rm.records[n.ID]
	if r == nil || r.ClassID != classID {
		return nil, errorf(http.StatusBadRequest, "Could not delete records in table RM_PartRecords")
	}
	if err := s.checkRMToken(c, n, false); err != nil {
		return nil, err
	}
	delete(s.rm.records, n.ID)
	s.rmChangedLocked(c, n)
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

// applyRMRoleLocked applies roles.rmclassifications of a create call:
// {"rmclassification_id": N, "record_date": "...", ...}, the data of the
// server's "rmclassifications" create form.
func (s *Server) applyRMRoleLocked(c *call, n *node, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return invalid("roles.rmclassifications", v)
	}
	p := params{values: m}
	classID, ok, err := p.int64("rmclassification_id")
	if err != nil {
		return err
	}
	if !ok {
		return missing("rmclassification_id")
	}
	r, err := s.newRecordLocked(classID, p)
	if err != nil {
		return err
	}
	s.rm.records[n.ID] = r
	s.rmChangedLocked(c, n)
	return nil
}

// applyClassificationsRoleLocked applies roles.classifications:
// {"create_id": [...], "id": [...]} (standard classifications).
func (s *Server) applyClassificationsRoleLocked(c *call, n *node, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return invalid("roles.classifications", v)
	}
	var ids []int64
	p := params{values: m}
	for _, k := range []string{"create_id", "id"} {
		for _, raw := range p.all(k) {
			id, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || s.rm.std[id] == "" {
				return errorf(http.StatusBadRequest, "Invalid classification ID %s.", raw)
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		s.rm.stdOnNode[n.ID] = ids
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventClassificationApplied, UserID: c.userID()})
	}
	return nil
}

func (s *Server) handleAssignRSI(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	classID, err := c.pathID("class_id")
	if err != nil {
		return nil, err
	}
	r := s.rm.records[n.ID]
	if r == nil || r.ClassID != classID {
		return nil, errorf(http.StatusBadRequest, "Cannot retrieve node")
	}
	name := c.query.Get("rsi")
	if v, ok := c.params.str("rsi"); ok && name == "" {
		name = v
	}
	if name == "" {
		return nil, missing("rsi")
	}
	if s.rsiByName(name) == nil {
		return nil, errorf(http.StatusBadRequest, "Incorrect RSI specified.")
	}
	r.RSI = name
	s.rmChangedLocked(c, n)
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

func (s *Server) handleRemoveRSI(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	classID, err := c.pathID("class_id")
	if err != nil {
		return nil, err
	}
	r := s.rm.records[n.ID]
	if r == nil || r.ClassID != classID {
		return nil, errorf(http.StatusBadRequest, "Cannot retrieve node")
	}
	r.RSI = ""
	s.rmChangedLocked(c, n)
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

func (s *Server) rsiByName(name string) *rsi {
	for _, r := range s.rm.rsis {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// rsiRows renders an RSI as the server does: one row per stage.
func rsiRows(r *rsi) []any {
	base := func() map[string]any {
		return map[string]any{"RSIID": r.ID, "RSI": r.Name, "Title": r.Title, "Subject": r.Subject, "Description": r.Description,
			"CreateDate": dateNoZone(r.Created), "RSIStatus": r.Status, "StatusDate": dateNoZone(r.StatusDate),
			"DiscontFlag": boolInt(r.Discontinued), "DiscontDate": dateNoZone(r.DiscontDate), "DiscontComment": nilIfEmpty(r.DiscontComment),
			"Active": boolInt(!r.Discontinued), "DispControl": boolInt(r.DispControl)}
	}
	if len(r.Stages) == 0 {
		return []any{base()}
	}
	rows := make([]any, 0, len(r.Stages))
	for _, st := range r.Stages {
		row := base()
		// DateToUse and ActionCode are strings in the RM spec's RSISchedule2.
		for k, v := range map[string]any{"RSIScheduleID": st.ID, "RetStage": st.Stage, "RecordType": 1, "EventType": st.EventType,
			"RSIRuleCode": st.RuleCode, "DateToUse": strconv.Itoa(st.DateToUse), "YearEndMonth": 0, "YearEndDay": 0, "RetYears": st.Years,
			"RetMonths": st.Months, "RetDays": st.Days, "RetIntervals": 0, "EventRule": nil, "StageAction": nil, "FixedRet": 0,
			"ActionCode": strconv.Itoa(st.ActionCode), "ActionDescription": nilIfEmpty(st.Description), "Disposition": st.Disposition, "ApprovalFlag": boolInt(st.Approved),
			"MaximumRet": 0, "ObjectType": st.ObjectType} {
			row[k] = v
		}
		rows = append(rows, row)
	}
	return rows
}

// defaultRSILimit is the spec's default page size of the RSI lists.
const defaultRSILimit = 25

func (s *Server) rsiPage(c *call, rows []any) (any, error) {
	pg, limit, err := c.pageRequest(defaultRSILimit)
	if err != nil {
		return nil, err
	}
	page, p := paginate(rows, pg, limit)
	return map[string]any{"collection": map[string]any{"paging": p}, "links": c.selfLinks(),
		"results": map[string]any{"ok": true, "data": map[string]any{"rsis": page}}}, nil
}

func (s *Server) handleListRSIs(c *call) (any, error) {
	var rows []any
	for _, r := range s.rm.rsis {
		rows = append(rows, rsiRows(r)...)
	}
	return s.rsiPage(c, rows)
}

func (s *Server) handleGetRSI(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	for _, r := range s.rm.rsis {
		if r.ID == id {
			return s.rsiPage(c, rsiRows(r))
		}
	}
	return map[string]any{"results": map[string]any{"ok": false, "errMsg": fmt.Sprintf("RSI %d not found.", id)}}, nil
}

func (s *Server) handleGetClassifications(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	data := []any{}
	for _, id := range s.rm.stdOnNode[n.ID] {
		data = append(data, map[string]any{"id": id, "name": s.rm.std[id], "type": 199, "selectable": true,
			"management_type": "manual", "score": nil, "inherit_flag": false, "classvolumeid": classificationVolumeID, "parent_managed": false})
	}
	return map[string]any{"data": data, "definitions": map[string]any{}, "definitions_map": map[string]any{}, "definitions_order": []string{}}, nil
}

func (s *Server) handleSetClassifications(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	if !c.params.has("class_id") {
		return nil, missing("class_id")
	}
	var ids []int64
	for _, raw := range c.params.all("class_id") {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || s.rm.std[id] == "" {
			return nil, errorf(http.StatusBadRequest, "Invalid classification ID %s.", raw)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	// The list replaces the node's classifications.
	s.rm.stdOnNode[n.ID] = ids
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventClassificationApplied, UserID: c.userID()})
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

func (s *Server) handleClearClassifications(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	delete(s.rm.stdOnNode, n.ID)
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventClassificationApplied, UserID: c.userID()})
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

func (s *Server) handleRemoveClassification(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	id, err := c.pathID("class_id")
	if err != nil {
		return nil, err
	}
	ids := s.rm.stdOnNode[n.ID]
	i := slices.Index(ids, id)
	if i < 0 {
		return nil, errorf(http.StatusBadRequest, "The item is not classified under %d.", id)
	}
	s.rm.stdOnNode[n.ID] = slices.Delete(slices.Clone(ids), i, i+1)
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventClassificationApplied, UserID: c.userID()})
	return map[string]any{"results": map[string]any{"ok": true}}, nil
}

// RMClassification returns the RM classification of a node and its RSI.
func (s *Server) RMClassification(nodeID int64) (classID int64, rsi string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rm.records[nodeID]
	if r == nil {
		return 0, "", false
	}
	return r.ClassID, r.RSI, true
}

// installClassificationNodes makes the Classification Volume, the RM
// classification tree and a node for each seeded RM classification.
func (s *Server) installClassificationNodes(now time.Time) {
	mk := func(id, parent int64, typ int, name string) {
		n := &node{
			ID: id, ParentID: parent, VolumeID: -ClassificationVolumeID, Type: typ,
			Name: name, NameML: map[string]string{"en": name}, DescriptionML: map[string]string{"en": ""},
			Created: now, Modified: now, CreateUser: adminUserID, ModifyUser: adminUserID, OwnerUser: adminUserID, OwnerGroup: defaultGroupID, Rev: 1,
		}
		s.nodes.byID[id] = n
		if p := s.nodes.byID[parent]; p != nil {
			p.Children = append(p.Children, id)
		}
	}
	mk(ClassificationVolumeID, -1, typeClassificationVolume, "Classifications")
	mk(RMClassVolumeID, ClassificationVolumeID, typeClassificationTree, "RM Classifications")
	for _, id := range s.rm.classOrd {
		cl := s.rm.classes[id]
		mk(cl.ID, cl.ParentID, typeClassification, cl.Name)
	}
}

// Subtypes of the classification nodes (reference §4.1, pyxecm).
const (
	typeClassificationTree   = 196
	typeClassificationVolume = 198
	typeClassification       = 199
)
