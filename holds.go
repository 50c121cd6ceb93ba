package xecm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xecm-go/xecm/internal/envelope"
)

// Hold is a records management hold (legal or other).
type Hold struct {
	ID             int64
	Name           string
	Type           string // hold type code, such as "LEGAL"
	Active         bool
	Comment        string
	AlternateID    string
	ParentID       int64 // the hold group, if any
	AppliedBy      string
	DateApplied    Time
	DateToRemove   Time
	DateRemoved    Time
	RemovedBy      string
	RemovalComment string
	EditDate       Time
	EditedBy       string
}

// UnmarshalJSON reads the v2 hold layout (HoldID, HoldName, ...).
func (h *Hold) UnmarshalJSON(b []byte) error {
	var w struct {
		HoldID         flexInt64       `json:"HoldID"`
		HoldName       string          `json:"HoldName"`
		ActiveHold     flexBool        `json:"ActiveHold"`
		ApplyPatron    *string         `json:"ApplyPatron"`
		DateApplied    Time            `json:"DateApplied"`
		HoldComment    *string         `json:"HoldComment"`
		HoldType       *string         `json:"HoldType"`
		DateToRemove   Time            `json:"DateToRemove"`
		DateRemoved    Time            `json:"DateRemoved"`
		RemovalPatron  *string         `json:"RemovalPatron"`
		RemovalComment *string         `json:"RemovalComment"`
		EditDate       Time            `json:"EditDate"`
		EditPatron     *string         `json:"EditPatron"`
		AlternateID    json.RawMessage `json:"AlternateHoldID"`
		ParentID       flexInt64       `json:"ParentID"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*h = Hold{ID: int64(w.HoldID), Name: w.HoldName, Type: str(w.HoldType), Active: bool(w.ActiveHold),
		Comment: str(w.HoldComment), ParentID: int64(w.ParentID), AppliedBy: str(w.ApplyPatron),
		DateApplied: w.DateApplied, DateToRemove: w.DateToRemove, DateRemoved: w.DateRemoved,
		RemovedBy: str(w.RemovalPatron), RemovalComment: str(w.RemovalComment), EditDate: w.EditDate, EditedBy: str(w.EditPatron)}
	// AlternateHoldID is a number in the spec and a string in samples.
	if id := w.AlternateID; len(id) > 0 && string(id) != "null" {
		var s string
		if json.Unmarshal(id, &s) != nil {
			var n json.Number
			if err := json.Unmarshal(id, &n); err != nil {
				return fmt.Errorf("xecm: hold: AlternateHoldID is neither a string nor a number: %s", prefix(id, 40))
			}
			s = n.String()
		}
		h.AlternateID = s
	}
	return nil
}

// ListHolds returns one page of the holds defined on the server. The
// server requires paging: an unset page or limit is sent as 1 and 100.
//
// OpenText API: GET api/v2/holds?page=&limit=
func (s *RecordsService) ListHolds(ctx context.Context, opts *ListOptions) (_ *Page[Hold], err error) {
	ctx, observed := s.c.startOp(ctx, "Records.ListHolds")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = *opts
	}
	return s.listHolds(ctx, lo)
}

const defaultHoldsLimit = 100

func (s *RecordsService) listHolds(ctx context.Context, lo ListOptions) (*Page[Hold], error) {
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg("Records.ListHolds", "page and limit must not be negative")
	}
	if lo.Page == 0 {
		lo.Page = 1
	}
	if lo.Limit == 0 {
		lo.Limit = defaultHoldsLimit
	}
	q := url.Values{}
	setListOptions(q, lo)
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[struct {
			Data struct {
				Holds []Hold `json:"holds"`
			} `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/holds", query: q}, &env); err != nil {
		return nil, err
	}
	var holds []Hold
	for _, r := range env.Results {
		holds = append(holds, r.Data.Holds...)
	}
	p := newPage(holds, env.Paging())
	if p.Page == 0 {
		p.Page = lo.Page
	}
	if p.Limit == 0 {
		p.Limit = lo.Limit
	}
	return p, nil
}

// ListHoldsIter returns an iterator over all holds, fetching pages lazily.
// The options are copied, never changed.
func (s *RecordsService) ListHoldsIter(ctx context.Context, opts *ListOptions) iter.Seq2[Hold, error] {
	var start ListOptions
	if opts != nil {
		start = *opts
	}
	if start.Limit == 0 {
		start.Limit = defaultHoldsLimit
	}
	return paginate(ctx, pager[Hold]{
		start: start,
		fetch: s.listHolds,
		key:   func(h Hold) int64 { return h.ID },
	})
}

// GetHold returns the hold with the given ID.
//
// OpenText API: GET api/v2/holds/{id}
func (s *RecordsService) GetHold(ctx context.Context, holdID int64) (_ *Hold, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.GetHold")
	defer observed.end(&err)
	if err := checkID("Records.GetHold", "hold ID", holdID); err != nil {
		return nil, err
	}
	var env struct {
		Results struct {
			Data struct {
				Hold *Hold `json:"hold"`
			} `json:"data"`
		} `json:"results"`
	}
	path := "v2/holds/" + strconv.FormatInt(holdID, 10)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	h := env.Results.Data.Hold
	if h == nil || h.ID == 0 {
		return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: "/api/" + path,
			Message: fmt.Sprintf("hold %d not found", holdID)}
	}
	return h, nil
}

// HoldCreateRequest describes a new hold.
type HoldCreateRequest struct {
	Name        string // required
	Type        string // hold type code, required
	Comment     string
	AlternateID string
	// ParentID is the hold group to create it in (0: the top level).
	ParentID int64
	// DateApplied defaults to now.
	DateApplied  time.Time
	DateToRemove time.Time
}

// holdDateLayout is the spec's YYYY-MM-DDTHH:mm:ss.
const holdDateLayout = "2006-01-02T15:04:05"

// CreateHold creates a hold and returns its ID.
//
// OpenText API: POST api/v1/holds
func (s *RecordsService) CreateHold(ctx context.Context, req HoldCreateRequest) (_ int64, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.CreateHold")
	defer observed.end(&err)
	const op = "Records.CreateHold"
	if err := checkName(op, req.Name); err != nil {
		return 0, err
	}
	if strings.TrimSpace(req.Type) == "" {
		return 0, invalidArg(op, "Type is required")
	}
	if req.ParentID < 0 {
		return 0, invalidArg(op, "ParentID must not be negative")
	}
	applied := req.DateApplied
	if applied.IsZero() {
		applied = time.Now()
	}
	// The spec declares these as query parameters of the POST.
	q := url.Values{"name": {req.Name}, "type": {req.Type}, "date_applied": {applied.UTC().Format(holdDateLayout)}}
	if req.Comment != "" {
		q.Set("comment", req.Comment)
	}
	if req.AlternateID != "" {
		q.Set("alternate_id", req.AlternateID)
	}
	if req.ParentID > 0 {
		q.Set("parent_id", strconv.FormatInt(req.ParentID, 10))
	}
	if !req.DateToRemove.IsZero() {
		q.Set("date_to_remove", req.DateToRemove.UTC().Format(holdDateLayout))
	}
	var env struct {
		HoldID  flexInt64 `json:"holdID"`
		Results struct {
			HoldID flexInt64 `json:"holdID"`
			ID     flexInt64 `json:"id"`
		} `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v1/holds", query: q}, &env); err != nil {
		return 0, err
	}
	id := int64(firstNonZero(env.HoldID, env.Results.HoldID, env.Results.ID))
	if id == 0 {
		return 0, malformed("POST", "v1/holds", "no hold ID in the response")
	}
	return id, nil
}

func firstNonZero(vs ...flexInt64) flexInt64 {
	for _, v := range vs {
		if v != 0 {
			return v
		}
	}
	return 0
}

func nodeHoldsPath(nodeID int64) string {
	return "v1/nodes/" + strconv.FormatInt(nodeID, 10) + "/holds"
}

// ApplyHold puts a node under a hold.
//
// OpenText API: POST api/v1/nodes/{id}/holds?hold_id=
func (s *RecordsService) ApplyHold(ctx context.Context, nodeID, holdID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.ApplyHold")
	defer observed.end(&err)
	if err := checkID("Records.ApplyHold", "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID("Records.ApplyHold", "hold ID", holdID); err != nil {
		return err
	}
	q := url.Values{"hold_id": {strconv.FormatInt(holdID, 10)}}
	return s.c.do(ctx, &request{method: http.MethodPost, path: nodeHoldsPath(nodeID), query: q}, nil)
}

// HoldRemoveOptions identifies how a hold was applied, for holds applied by
// a search query, a user hold or a cross-reference.
type HoldRemoveOptions struct {
	QueryID  int64
	UserID   int64
	XRefType string
}

// RemoveHold releases a node from a hold.
//
// OpenText API: DELETE api/v1/nodes/{id}/holds/{hold_id}
func (s *RecordsService) RemoveHold(ctx context.Context, nodeID, holdID int64, opts *HoldRemoveOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.RemoveHold")
	defer observed.end(&err)
	if err := checkID("Records.RemoveHold", "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID("Records.RemoveHold", "hold ID", holdID); err != nil {
		return err
	}
	q := url.Values{}
	if opts != nil {
		if opts.QueryID < 0 || opts.UserID < 0 {
			return invalidArg("Records.RemoveHold", "QueryID and UserID must not be negative, got %d and %d", opts.QueryID, opts.UserID)
		}
		if opts.QueryID > 0 {
			q.Set("queryID", strconv.FormatInt(opts.QueryID, 10))
		}
		if opts.UserID > 0 {
			q.Set("userID", strconv.FormatInt(opts.UserID, 10))
		}
		if opts.XRefType != "" {
			q.Set("docxreftyp", opts.XRefType)
		}
	}
	path := nodeHoldsPath(nodeID) + "/" + strconv.FormatInt(holdID, 10)
	return s.c.do(ctx, &request{method: http.MethodDelete, path: path, query: q}, nil)
}

// NodeHold is a hold on a node, applied to it directly or inherited.
type NodeHold struct {
	HoldID   int64
	HoldName string
	HoldType string
	// SourceID is the node the hold is applied to: the node itself, or an
	// ancestor for an inherited hold.
	SourceID int64
	// Inherited says the hold reaches the node through SourceID.
	Inherited     bool
	AppliedMethod string
	AppliedBy     string
	DateApplied   Time
	Active        bool
	Removable     bool
	Comment       string
	UserID        int64
	QueryID       int64
	XRefType      string
}

// NodeHolds returns the holds on a node, direct and inherited.
//
// OpenText API: GET api/v1/nodes/{id}/holds
func (s *RecordsService) NodeHolds(ctx context.Context, nodeID int64) (_ []NodeHold, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.NodeHolds")
	defer observed.end(&err)
	if err := checkID("Records.NodeHolds", "node ID", nodeID); err != nil {
		return nil, err
	}
	var env struct {
		Data envelope.OneOrMany[struct {
			ID            flexInt64 `json:"id"`
			HoldID        flexInt64 `json:"hold_id"`
			HoldName      string    `json:"hold_name"`
			HoldType      *string   `json:"hold_type"`
			AppliedMethod *string   `json:"hold_appliedmethod"`
			AppliedBy     *string   `json:"applied_by"`
			DateApplied   Time      `json:"date_applied"`
			Active        flexBool  `json:"active"`
			Removable     flexBool  `json:"removable"`
			Comment       *string   `json:"hold_comment"`
			UserID        flexInt64 `json:"userid"`
			QueryID       flexInt64 `json:"queryid"`
			XRefType      *string   `json:"docxreftyp"`
		}] `json:"data"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: nodeHoldsPath(nodeID)}, &env); err != nil {
		return nil, err
	}
	out := make([]NodeHold, 0, len(env.Data))
	for _, w := range env.Data {
		src := int64(w.ID)
		if src == 0 {
			src = nodeID
		}
		out = append(out, NodeHold{HoldID: int64(w.HoldID), HoldName: w.HoldName, HoldType: str(w.HoldType),
			SourceID: src, Inherited: src != nodeID, AppliedMethod: str(w.AppliedMethod), AppliedBy: str(w.AppliedBy),
			DateApplied: w.DateApplied, Active: bool(w.Active), Removable: bool(w.Removable), Comment: str(w.Comment),
			UserID: int64(w.UserID), QueryID: int64(w.QueryID), XRefType: str(w.XRefType)})
	}
	return out, nil
}

// BulkOptions tunes a bulk hold operation.
type BulkOptions struct {
	// Concurrency is how many requests run at once. If not set, 1: the
	// items are done one after the other, which every server copes with.
	Concurrency int
}

// BulkResult is the outcome for one node of a bulk operation.
type BulkResult struct {
	NodeID int64
	Err    error // nil on success
}

// BulkResults are the outcomes of a bulk operation, in the order of the
// node IDs given.
type BulkResults []BulkResult

// Err joins the errors of the failed items (nil when all succeeded).
func (r BulkResults) Err() error {
	var errs []error
	for _, it := range r {
		if it.Err != nil {
			errs = append(errs, fmt.Errorf("node %d: %w", it.NodeID, it.Err))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// Failed returns the items that failed.
func (r BulkResults) Failed() BulkResults {
	var out BulkResults
	for _, it := range r {
		if it.Err != nil {
			out = append(out, it)
		}
	}
	return out
}

// ApplyHoldBulk puts each node under a hold, one request per node, and
// reports the outcome of each. It returns an error only for bad arguments;
// a cancelled context fails the items not yet done.
func (s *RecordsService) ApplyHoldBulk(ctx context.Context, holdID int64, nodeIDs []int64, opts *BulkOptions) (_ BulkResults, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.ApplyHoldBulk")
	defer observed.end(&err)
	if err := checkID("Records.ApplyHoldBulk", "hold ID", holdID); err != nil {
		return nil, err
	}
	return s.bulk(ctx, "Records.ApplyHoldBulk", nodeIDs, opts, func(ctx context.Context, id int64) error {
		return s.ApplyHold(ctx, id, holdID)
	})
}

// RemoveHoldBulk releases each node from a hold, one request per node, and
// reports the outcome of each.
func (s *RecordsService) RemoveHoldBulk(ctx context.Context, holdID int64, nodeIDs []int64, opts *BulkOptions) (_ BulkResults, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.RemoveHoldBulk")
	defer observed.end(&err)
	if err := checkID("Records.RemoveHoldBulk", "hold ID", holdID); err != nil {
		return nil, err
	}
	return s.bulk(ctx, "Records.RemoveHoldBulk", nodeIDs, opts, func(ctx context.Context, id int64) error {
		return s.RemoveHold(ctx, id, holdID, nil)
	})
}

func (s *RecordsService) bulk(ctx context.Context, op string, nodeIDs []int64, opts *BulkOptions, do func(context.Context, int64) error) (BulkResults, error) {
	if len(nodeIDs) == 0 {
		return nil, invalidArg(op, "no node IDs given")
	}
	for i, id := range nodeIDs {
		if err := checkID(op, fmt.Sprintf("node ID %d", i), id); err != nil {
			return nil, err
		}
	}
	workers := 1
	if opts != nil {
		if opts.Concurrency < 0 {
			return nil, invalidArg(op, "Concurrency must not be negative")
		}
		workers = max(1, opts.Concurrency)
	}
	results := make(BulkResults, len(nodeIDs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(nodeIDs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = BulkResult{NodeID: nodeIDs[i], Err: do(ctx, nodeIDs[i])}
			}
		}()
	}
	for i := range nodeIDs {
		if ctx.Err() != nil {
			results[i] = BulkResult{NodeID: nodeIDs[i], Err: ctx.Err()}
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return results, nil
}
