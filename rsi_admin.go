package xecm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xecm-go/xecm/internal/envelope"
)

// Creating, changing and deleting retention schedules (RSIs) and their
// stages, and approving stages.

// RSICreateRequest describes a new RSI.
type RSICreateRequest struct {
	Name   string // the RSI code, required
	Status string // RSI status code, required
	// StatusDate defaults to the server's choice when zero.
	StatusDate  time.Time
	Title       string
	Subject     string
	Description string
	// DispositionControl puts the RSI under disposition control.
	DispositionControl bool
	// SourceApp and EditingApp name the application that created the RSI
	// and the one allowed to manage it.
	SourceApp  string
	EditingApp string
}

// rsiDateLayout is the spec's YYYY-MM-DDTHH:mm:ss of RSI dates.
const rsiDateLayout = holdDateLayout

func rsiSchedulesPath(rsiID int64) string {
	return "v2/rsischedules/" + strconv.FormatInt(rsiID, 10)
}

// apiResponseID is the ApiResponse of RM writes: results.id is the new
// object's ID (0 on failure, which arrives as ok:false).
type apiResponseID struct {
	Results struct {
		ID flexInt64 `json:"id"`
	} `json:"results"`
}

// CreateRSI creates an RSI (without stages: add them with AddRSIStage) and
// returns its ID.
//
// The server refuses a name in use or an unknown status code with an
// *APIError (ok:false in a 200, or 400).
//
// OpenText API: POST api/v2/rsischedules
func (s *RecordsService) CreateRSI(ctx context.Context, req RSICreateRequest) (_ int64, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.CreateRSI")
	defer observed.end(&err)
	const op = "Records.CreateRSI"
	if err := checkName(op, req.Name); err != nil {
		return 0, err
	}
	if strings.TrimSpace(req.Status) == "" {
		return 0, invalidArg(op, "Status is required")
	}
	form := url.Values{"name": {req.Name}, "status": {req.Status}, "dispcontrol": {strconv.FormatBool(req.DispositionControl)}}
	if !req.StatusDate.IsZero() {
		form.Set("statusDate", req.StatusDate.UTC().Format(rsiDateLayout))
	}
	for k, v := range map[string]string{"title": req.Title, "subject": req.Subject, "description": req.Description,
		"sourceApp": req.SourceApp, "editingApp": req.EditingApp} {
		if v != "" {
			form.Set(k, v)
		}
	}
	var env apiResponseID
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v2/rsischedules", form: form}, &env); err != nil {
		return 0, err
	}
	if env.Results.ID == 0 {
		return 0, malformed(http.MethodPost, "v2/rsischedules", "no RSI ID in the response")
	}
	return int64(env.Results.ID), nil
}

// RSIUpdate changes an RSI. Nil fields are left as they are.
type RSIUpdate struct {
	NewName     *string
	Status      *string
	StatusDate  *time.Time
	Title       *string
	Subject     *string
	Description *string
	// Discontinue, with its date and comment, retires the RSI.
	Discontinue        *bool
	DiscontinueDate    *time.Time
	DiscontinueComment *string
	DispositionControl *bool
	EditingApp         *string
}

func (u RSIUpdate) form(op string) (url.Values, error) {
	f := url.Values{}
	for k, v := range map[string]*string{"newName": u.NewName, "status": u.Status, "title": u.Title, "subject": u.Subject,
		"description": u.Description, "discontinueComment": u.DiscontinueComment, "editingApp": u.EditingApp} {
		if v != nil {
			f.Set(k, *v)
		}
	}
	if u.NewName != nil && strings.TrimSpace(*u.NewName) == "" {
		return nil, invalidArg(op, "NewName must not be empty")
	}
	for k, v := range map[string]*bool{"discontinue": u.Discontinue, "dispcontrol": u.DispositionControl} {
		if v != nil {
			f.Set(k, strconv.FormatBool(*v))
		}
	}
	for k, d := range map[string]*time.Time{"statusDate": u.StatusDate, "discontinueDate": u.DiscontinueDate} {
		if d == nil {
			continue
		}
		if d.IsZero() {
			return nil, invalidArg(op, "%s is the zero time", k)
		}
		f.Set(k, d.UTC().Format(rsiDateLayout))
	}
	return f, nil
}

// UpdateRSI changes the RSI rsiID.
//
// OpenText API: PUT api/v2/rsischedules/{id}
func (s *RecordsService) UpdateRSI(ctx context.Context, rsiID int64, u RSIUpdate) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.UpdateRSI")
	defer observed.end(&err)
	const op = "Records.UpdateRSI"
	if err := checkID(op, "RSI ID", rsiID); err != nil {
		return err
	}
	form, err := u.form(op)
	if err != nil {
		return err
	}
	if len(form) == 0 {
		return invalidArg(op, "nothing to update: set at least one field")
	}
	return s.c.do(ctx, &request{method: http.MethodPut, path: rsiSchedulesPath(rsiID), form: form}, nil)
}

// DeleteRSI deletes the RSI rsiID with its stages. The server refuses an
// RSI still assigned to records.
//
// OpenText API: DELETE api/v2/rsischedules/{id}
func (s *RecordsService) DeleteRSI(ctx context.Context, rsiID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.DeleteRSI")
	defer observed.end(&err)
	if err := checkID("Records.DeleteRSI", "RSI ID", rsiID); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: rsiSchedulesPath(rsiID)}, nil)
}

// DeleteRSIByName deletes the RSI named name (its code), in one call.
//
// OpenText API: DELETE api/v2/rsischedules?name=
func (s *RecordsService) DeleteRSIByName(ctx context.Context, name string) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.DeleteRSIByName")
	defer observed.end(&err)
	if strings.TrimSpace(name) == "" {
		return invalidArg("Records.DeleteRSIByName", "RSI name is required")
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: "v2/rsischedules", query: url.Values{"name": {name}}}, nil)
}

// Event types of an RSI stage (RSIStage.EventType).
const (
	RSIEventCalculatedDate = 1
	RSIEventCalendar       = 2
	RSIEventBased          = 3
	RSIEventFixedDate      = 4
	RSIEventPermanent      = 5
)

// Object types of an RSI stage (RSIStage.ObjectType).
const (
	RSIObjectClassified       = "LIV" // classified objects
	RSIObjectClassifications  = "LRM" // RM classifications
	defaultRSIStageObjectType = RSIObjectClassified
)

// RSIStage describes a retention stage of an RSI, for AddRSIStage. Stage
// and EventType are required; ObjectType defaults to RSIObjectClassified.
// Zero values of the other fields are not sent, leaving the server's
// defaults.
type RSIStage struct {
	Stage       string // retention stage code, unique within the RSI
	ObjectType  string // RSIObjectClassified or RSIObjectClassifications
	EventType   int    // one of the RSIEvent* constants
	RuleCode    string
	RuleComment string
	// DateToUse is the date the period counts from: 91 create, 92
	// reserved, 93 modified, 94 status, 95 record date, ...
	DateToUse       int
	RetentionYears  int
	RetentionMonths int
	RetentionDays   int
	// CategoryID and CategoryAttributeID name the date attribute of an
	// event-based stage.
	CategoryID          int64
	CategoryAttributeID int64
	YearEndMonth        int
	YearEndDay          int
	RetentionIntervals  int
	FixedRetention      bool
	MaximumRetention    bool
	FixedDate           time.Time
	EventCondition      string
	Disposition         string
	// ActionCode is what happens at the end: 0 none, 1 change status, 7
	// close, 8 finalize, 9 mark official, 10 export, 32 destroy, ...
	ActionCode            int
	Description           string
	NewStatus             string
	MinVersionsToKeep     int
	PurgeSuperseded       bool
	PurgeMajors           bool
	MarkOfficialRendition bool
}

func (st RSIStage) form(op string) (url.Values, error) {
	if strings.TrimSpace(st.Stage) == "" {
		return nil, invalidArg(op, "Stage is required")
	}
	obj := st.ObjectType
	if obj == "" {
		obj = defaultRSIStageObjectType
	}
	if obj != RSIObjectClassified && obj != RSIObjectClassifications {
		return nil, invalidArg(op, "ObjectType %q is not LIV or LRM", obj)
	}
	if st.EventType < RSIEventCalculatedDate || st.EventType > RSIEventPermanent {
		return nil, invalidArg(op, "EventType %d is not 1 to 5", st.EventType)
	}
	f := url.Values{"stage": {st.Stage}, "objectType": {obj}, "eventType": {strconv.Itoa(st.EventType)}}
	for k, v := range map[string]string{"ruleCode": st.RuleCode, "ruleComment": st.RuleComment, "eventCondition": st.EventCondition,
		"disposition": st.Disposition, "description": st.Description, "newStatus": st.NewStatus} {
		if v != "" {
			f.Set(k, v)
		}
	}
	for k, v := range map[string]int64{"dateToUse": int64(st.DateToUse), "retentionYears": int64(st.RetentionYears),
		"retentionMonths": int64(st.RetentionMonths), "retentionDays": int64(st.RetentionDays), "categoryId": st.CategoryID,
		"categoryAttributeId": st.CategoryAttributeID, "yearEndMonth": int64(st.YearEndMonth), "yearEndDay": int64(st.YearEndDay),
		"retentionIntervals": int64(st.RetentionIntervals), "actionCode": int64(st.ActionCode), "minNumVersionsToKeep": int64(st.MinVersionsToKeep)} {
		if v < 0 {
			return nil, invalidArg(op, "%s must not be negative", k)
		}
		if v != 0 {
			f.Set(k, strconv.FormatInt(v, 10))
		}
	}
	for k, v := range map[string]bool{"fixedRetention": st.FixedRetention, "maximumRetention": st.MaximumRetention,
		"purgeSuperseded": st.PurgeSuperseded, "purgeMajors": st.PurgeMajors, "markOfficialRendition": st.MarkOfficialRendition} {
		if v {
			f.Set(k, "true")
		}
	}
	if !st.FixedDate.IsZero() {
		f.Set("fixedDate", st.FixedDate.UTC().Format(rsiDateLayout))
	}
	return f, nil
}

// AddRSIStage adds a retention stage to the RSI rsiID and returns the
// stage's ID (the RSIScheduleID of its row). A new stage waits for
// approval (ApproveRSIStage).
//
// OpenText API: POST api/v2/rsischedules/{id}/stages
func (s *RecordsService) AddRSIStage(ctx context.Context, rsiID int64, st RSIStage) (_ int64, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.AddRSIStage")
	defer observed.end(&err)
	const op = "Records.AddRSIStage"
	if err := checkID(op, "RSI ID", rsiID); err != nil {
		return 0, err
	}
	form, err := st.form(op)
	if err != nil {
		return 0, err
	}
	path := rsiSchedulesPath(rsiID) + "/stages"
	var env apiResponseID
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: path, form: form}, &env); err != nil {
		return 0, err
	}
	if env.Results.ID == 0 {
		return 0, malformed(http.MethodPost, path, "no stage ID in the response")
	}
	return int64(env.Results.ID), nil
}

// RSIStageUpdate changes a retention stage. Nil fields are left as they
// are; the stage code itself cannot be changed.
type RSIStageUpdate struct {
	ObjectType      *string
	EventType       *int
	RuleCode        *string
	RuleComment     *string
	DateToUse       *int
	RetentionYears  *int
	RetentionMonths *int
	RetentionDays   *int
	Disposition     *string
	ActionCode      *int
	Description     *string
	NewStatus       *string
}

func (u RSIStageUpdate) form(op string) (url.Values, error) {
	f := url.Values{}
	if u.ObjectType != nil {
		if *u.ObjectType != RSIObjectClassified && *u.ObjectType != RSIObjectClassifications {
			return nil, invalidArg(op, "ObjectType %q is not LIV or LRM", *u.ObjectType)
		}
		f.Set("objectType", *u.ObjectType)
	}
	if u.EventType != nil && (*u.EventType < RSIEventCalculatedDate || *u.EventType > RSIEventPermanent) {
		return nil, invalidArg(op, "EventType %d is not 1 to 5", *u.EventType)
	}
	for k, v := range map[string]*string{"ruleCode": u.RuleCode, "ruleComment": u.RuleComment, "disposition": u.Disposition,
		"description": u.Description, "newStatus": u.NewStatus} {
		if v != nil {
			f.Set(k, *v)
		}
	}
	for k, v := range map[string]*int{"eventType": u.EventType, "dateToUse": u.DateToUse, "retentionYears": u.RetentionYears,
		"retentionMonths": u.RetentionMonths, "retentionDays": u.RetentionDays, "actionCode": u.ActionCode} {
		if v == nil {
			continue
		}
		if *v < 0 {
			return nil, invalidArg(op, "%s must not be negative", k)
		}
		f.Set(k, strconv.Itoa(*v))
	}
	return f, nil
}

func rsiStagePath(rsiID, stageID int64) string {
	return rsiSchedulesPath(rsiID) + "/stages/" + strconv.FormatInt(stageID, 10)
}

// UpdateRSIStage changes the stage stageID of the RSI rsiID.
//
// OpenText API: PUT api/v2/rsischedules/{id}/stages/{stageId}
func (s *RecordsService) UpdateRSIStage(ctx context.Context, rsiID, stageID int64, u RSIStageUpdate) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.UpdateRSIStage")
	defer observed.end(&err)
	const op = "Records.UpdateRSIStage"
	if err := checkID(op, "RSI ID", rsiID); err != nil {
		return err
	}
	if err := checkID(op, "stage ID", stageID); err != nil {
		return err
	}
	form, err := u.form(op)
	if err != nil {
		return err
	}
	if len(form) == 0 {
		return invalidArg(op, "nothing to update: set at least one field")
	}
	return s.c.do(ctx, &request{method: http.MethodPut, path: rsiStagePath(rsiID, stageID), form: form}, nil)
}

// DeleteRSIStage deletes the stage stageID of the RSI rsiID.
//
// OpenText API: DELETE api/v2/rsischedules/{id}/stages/{stageId}
func (s *RecordsService) DeleteRSIStage(ctx context.Context, rsiID, stageID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.DeleteRSIStage")
	defer observed.end(&err)
	if err := checkID("Records.DeleteRSIStage", "RSI ID", rsiID); err != nil {
		return err
	}
	if err := checkID("Records.DeleteRSIStage", "stage ID", stageID); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: rsiStagePath(rsiID, stageID)}, nil)
}

// RSIApprovalOptions holds the optional parts of an approval.
type RSIApprovalOptions struct {
	// ApprovedBy is the user approving (0: the server's choice, the caller).
	ApprovedBy int64
	// Date is the approval day (zero: the server's choice, today).
	Date    time.Time
	Comment string
}

// ApproveRSIStage approves the stage stageID of the RSI rsiID.
//
// OpenText API: PUT api/v2/rsischedules/{id}/approve/{stageId}
// (updateApproval=updateapproval)
func (s *RecordsService) ApproveRSIStage(ctx context.Context, rsiID, stageID int64, opts *RSIApprovalOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.ApproveRSIStage")
	defer observed.end(&err)
	return s.approval(ctx, "Records.ApproveRSIStage", "updateapproval", rsiID, stageID, opts)
}

// RemoveRSIStageApproval withdraws the approval of the stage stageID.
//
// OpenText API: PUT api/v2/rsischedules/{id}/approve/{stageId}
// (updateApproval=removeapproval)
func (s *RecordsService) RemoveRSIStageApproval(ctx context.Context, rsiID, stageID int64, opts *RSIApprovalOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.RemoveRSIStageApproval")
	defer observed.end(&err)
	return s.approval(ctx, "Records.RemoveRSIStageApproval", "removeapproval", rsiID, stageID, opts)
}

func (s *RecordsService) approval(ctx context.Context, op, action string, rsiID, stageID int64, opts *RSIApprovalOptions) error {
	if err := checkID(op, "RSI ID", rsiID); err != nil {
		return err
	}
	if err := checkID(op, "stage ID", stageID); err != nil {
		return err
	}
	form := url.Values{"updateApproval": {action}}
	if opts != nil {
		if opts.ApprovedBy < 0 {
			return invalidArg(op, "ApprovedBy must not be negative")
		}
		if opts.ApprovedBy > 0 {
			form.Set("approvedByUserID", strconv.FormatInt(opts.ApprovedBy, 10))
		}
		if !opts.Date.IsZero() {
			form.Set("approvedDate", opts.Date.Format(rmDateLayout))
		}
		if opts.Comment != "" {
			form.Set("approvalComment", opts.Comment)
		}
	}
	path := rsiSchedulesPath(rsiID) + "/approve/" + strconv.FormatInt(stageID, 10)
	return s.c.do(ctx, &request{method: http.MethodPut, path: path, form: form}, nil)
}

// RSIApproval is one entry of an RSI's approval history.
type RSIApproval struct {
	Stage string // the stage approved (ret_stage)
	// UserID approved the stage; OwnerID recorded the approval.
	UserID       int64
	OwnerID      int64
	ApprovedDate Time // the approval day given
	ApprovalDate Time // when it was recorded
	Comment      string
}

// RSIApprovalHistory returns one page of the approval history of the RSI
// rsiID.
//
// OpenText API: GET api/v2/rsischedules/{id}/approvalhistory
func (s *RecordsService) RSIApprovalHistory(ctx context.Context, rsiID int64, opts *ListOptions) (_ *Page[RSIApproval], err error) {
	ctx, observed := s.c.startOp(ctx, "Records.RSIApprovalHistory")
	defer observed.end(&err)
	const op = "Records.RSIApprovalHistory"
	if err := checkID(op, "RSI ID", rsiID); err != nil {
		return nil, err
	}
	var lo ListOptions
	if opts != nil {
		lo = *opts
	}
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	q := url.Values{}
	setListOptions(q, lo)
	// view_RSIApprovalHistory: top-level paging, each entry's fields in
	// data[].data.
	var env struct {
		envelope.Paged
		Data []struct {
			Data struct {
				UserID       flexInt64 `json:"user_id"`
				OwnerID      flexInt64 `json:"owner_id"`
				Stage        *string   `json:"ret_stage"`
				ApprovedDate Time      `json:"approved_date"`
				ApprovalDate Time      `json:"approval_date"`
				Comments     *string   `json:"approval_comments"`
			} `json:"data"`
		} `json:"data"`
	}
	path := rsiSchedulesPath(rsiID) + "/approvalhistory"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	out := make([]RSIApproval, 0, len(env.Data))
	for _, d := range env.Data {
		w := d.Data
		out = append(out, RSIApproval{Stage: str(w.Stage), UserID: int64(w.UserID), OwnerID: int64(w.OwnerID),
			ApprovedDate: w.ApprovedDate, ApprovalDate: w.ApprovalDate, Comment: str(w.Comments)})
	}
	return newPage(out, env.Paging()), nil
}
