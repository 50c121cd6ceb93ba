package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
)

// RSI is a records retention schedule (Records Series Identifier) with its
// stages.
type RSI struct {
	ID           int64
	Name         string // the RSI code, as assigned to records
	Title        string
	Subject      string
	Description  string
	Status       string
	StatusDate   Time
	CreateDate   Time
	Discontinued bool
	// Schedules are the retention stages. In ListRSIs each item carries
	// the one stage of its row (the server lists one row per stage).
	Schedules []RSISchedule
}

// RSISchedule is one retention stage of an RSI.
type RSISchedule struct {
	ID              int64
	Stage           string
	ObjectType      string // "LIV" classified objects, "LRM" RM classifications
	EventType       int    // 1 calculated date, 2 calendar, 3 event based, 4 fixed date, 5 permanent
	RuleCode        string
	DateToUse       string
	RetentionYears  int
	RetentionMonths int
	RetentionDays   int
	ActionCode      string
	Disposition     string
	Approved        bool
}

// wireRSIRow is one row of results.data.rsis.
type wireRSIRow struct {
	RSIID         flexInt64       `json:"RSIID"`
	RSI           string          `json:"RSI"`
	Title         *string         `json:"Title"`
	Subject       *string         `json:"Subject"`
	Description   *string         `json:"Description"`
	CreateDate    Time            `json:"CreateDate"`
	RSIStatus     *string         `json:"RSIStatus"`
	StatusDate    Time            `json:"StatusDate"`
	DiscontFlag   flexBool        `json:"DiscontFlag"`
	RSIScheduleID flexInt64       `json:"RSIScheduleID"`
	RetStage      *string         `json:"RetStage"`
	EventType     flexInt64       `json:"EventType"`
	RSIRuleCode   *string         `json:"RSIRuleCode"`
	DateToUse     json.RawMessage `json:"DateToUse"`
	RetYears      flexInt64       `json:"RetYears"`
	RetMonths     flexInt64       `json:"RetMonths"`
	RetDays       flexInt64       `json:"RetDays"`
	ActionCode    json.RawMessage `json:"ActionCode"`
	Disposition   *string         `json:"Disposition"`
	ApprovalFlag  flexBool        `json:"ApprovalFlag"`
	ObjectType    *string         `json:"ObjectType"`
}

func rawText(r json.RawMessage) string {
	s := strings.Trim(string(r), `"`)
	if s == "null" {
		return ""
	}
	return s
}

func (w wireRSIRow) rsi() RSI {
	r := RSI{ID: int64(w.RSIID), Name: w.RSI, Title: str(w.Title), Subject: str(w.Subject), Description: str(w.Description),
		Status: str(w.RSIStatus), StatusDate: w.StatusDate, CreateDate: w.CreateDate, Discontinued: bool(w.DiscontFlag)}
	if w.RSIScheduleID != 0 {
		r.Schedules = []RSISchedule{{ID: int64(w.RSIScheduleID), Stage: str(w.RetStage), ObjectType: str(w.ObjectType),
			EventType: int(w.EventType), RuleCode: str(w.RSIRuleCode), DateToUse: rawText(w.DateToUse),
			RetentionYears: int(w.RetYears), RetentionMonths: int(w.RetMonths), RetentionDays: int(w.RetDays),
			ActionCode: rawText(w.ActionCode), Disposition: str(w.Disposition), Approved: bool(w.ApprovalFlag)}}
	}
	return r
}

type rsiEnvelope struct {
	envelope.Paged
	Results envelope.OneOrMany[struct {
		Data struct {
			RSIs []wireRSIRow `json:"rsis"`
		} `json:"data"`
	}] `json:"results"`
}

// ListRSIs returns one page of the RSIs with their stages, one item per
// stage (the server's rows).
//
// OpenText API: GET api/v2/rsis
func (s *RecordsService) ListRSIs(ctx context.Context, opts *ListOptions) (_ *Page[RSI], err error) {
	ctx, observed := s.c.startOp(ctx, "Records.ListRSIs")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = *opts
	}
	return s.listRSIs(ctx, lo)
}

func (s *RecordsService) listRSIs(ctx context.Context, lo ListOptions) (*Page[RSI], error) {
	return s.rsiRows(ctx, "v2/rsis", lo)
}

// rsiRows fetches one page of RSI rows (one row per stage) from path.
func (s *RecordsService) rsiRows(ctx context.Context, path string, lo ListOptions) (*Page[RSI], error) {
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg("Records.ListRSIs", "page and limit must not be negative")
	}
	q := url.Values{}
	setListOptions(q, lo)
	var env rsiEnvelope
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	var items []RSI
	for _, r := range env.Results {
		for _, row := range r.Data.RSIs {
			items = append(items, row.rsi())
		}
	}
	return newPage(items, env.Paging()), nil
}

// rsiRowKey tells rows apart, so that a page the server sends again is
// noticed: by stage, or by RSI for one without stages.
func rsiRowKey(r RSI) int64 {
	if len(r.Schedules) > 0 {
		return r.Schedules[0].ID
	}
	return r.ID
}

// ListRSIsIter returns an iterator over all RSI rows, fetching pages lazily.
// The options are copied, never changed.
func (s *RecordsService) ListRSIsIter(ctx context.Context, opts *ListOptions) iter.Seq2[RSI, error] {
	var start ListOptions
	if opts != nil {
		start = *opts
	}
	return paginate(ctx, pager[RSI]{start: start, fetch: s.listRSIs, key: rsiRowKey})
}

// GetRSI returns an RSI with all its stages, reading every page of them.
//
// OpenText API: GET api/v2/rsis/{id}
func (s *RecordsService) GetRSI(ctx context.Context, rsiID int64) (_ *RSI, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.GetRSI")
	defer observed.end(&err)
	if err := checkID("Records.GetRSI", "RSI ID", rsiID); err != nil {
		return nil, err
	}
	path := "v2/rsis/" + strconv.FormatInt(rsiID, 10)
	var out *RSI
	rows := paginate(ctx, pager[RSI]{
		start: ListOptions{Limit: 100},
		fetch: func(ctx context.Context, lo ListOptions) (*Page[RSI], error) { return s.rsiRows(ctx, path, lo) },
		key:   rsiRowKey,
	})
	for it, err := range rows {
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = &it
			continue
		}
		out.Schedules = append(out.Schedules, it.Schedules...)
	}
	if out == nil {
		return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: "/api/" + path,
			Message: fmt.Sprintf("RSI %d not found", rsiID)}
	}
	return out, nil
}

func nodeRSIPath(nodeID, classID int64) string {
	return rmPath(nodeID) + "/" + strconv.FormatInt(classID, 10) + "/rsis"
}

// AssignRSI sets the retention schedule of a node's RM classification.
//
// OpenText API: POST api/v1/nodes/{id}/rmclassifications/{class_id}/rsis?rsi=
func (s *RecordsService) AssignRSI(ctx context.Context, nodeID, classID int64, rsi string) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.AssignRSI")
	defer observed.end(&err)
	const op = "Records.AssignRSI"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID(op, "classification ID", classID); err != nil {
		return err
	}
	if strings.TrimSpace(rsi) == "" {
		return invalidArg(op, "rsi is required")
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: nodeRSIPath(nodeID, classID), query: url.Values{"rsi": {rsi}}}, nil)
}

// RemoveRSI clears the retention schedule of a node's RM classification.
//
// OpenText API: DELETE api/v1/nodes/{id}/rmclassifications/{class_id}/rsis
func (s *RecordsService) RemoveRSI(ctx context.Context, nodeID, classID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.RemoveRSI")
	defer observed.end(&err)
	if err := checkID("Records.RemoveRSI", "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID("Records.RemoveRSI", "classification ID", classID); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: nodeRSIPath(nodeID, classID)}, nil)
}
