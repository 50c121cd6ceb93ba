package xecm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Finding, changing and deleting hold definitions (the holds themselves,
// not their application to nodes, which holds.go covers).

// HoldByName returns the hold named name.
//
// It fails with an error matching ErrNotFound, naming the hold, when the
// server has no hold of that name (it answers ok:false, or no hold).
//
// OpenText API: GET api/v2/hold?holdname=
func (s *RecordsService) HoldByName(ctx context.Context, name string) (_ *Hold, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.HoldByName")
	defer observed.end(&err)
	if strings.TrimSpace(name) == "" {
		return nil, invalidArg("Records.HoldByName", "hold name is required")
	}
	// The RM spec's ResultsHold puts "hold" at the top level; pyxecm's
	// recorded answer of get_hold_by_name has it in results.data. Both are
	// read.
	var env struct {
		Hold    *Hold `json:"hold"`
		Results struct {
			Data struct {
				Hold *Hold `json:"hold"`
			} `json:"data"`
		} `json:"results"`
	}
	q := url.Values{"holdname": {name}}
	err = s.c.do(ctx, &request{method: http.MethodGet, path: "v2/hold", query: q}, &env)
	if err != nil {
		return nil, holdNamed(err, name)
	}
	h := env.Results.Data.Hold
	if h == nil {
		h = env.Hold
	}
	if h == nil || h.ID == 0 {
		return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/v2/hold",
			Message: "no hold named " + strconv.Quote(name)}
	}
	return h, nil
}

// holdNamed makes the server's ok:false answer for a missing hold name the
// hold it was looking for; other errors pass unchanged.
func holdNamed(err error, name string) error {
	if ae, ok := err.(*APIError); ok && ae.StatusCode == http.StatusOK && !messageSaysNotFound(ae.Message) {
		cp := *ae
		cp.Message = "no hold named " + strconv.Quote(name) + ": " + ae.Message
		return &cp
	}
	return err
}

// HoldUpdate changes a hold. Nil fields are left as they are. The dates
// are sent as calendar days (the spec's "format: date" for this call),
// each the day its time names in its own location.
type HoldUpdate struct {
	Name        *string
	Type        *string // hold type code, such as "LEGAL"
	Comment     *string
	AlternateID *string
	DateApplied *time.Time
	// DateToRemove is when the hold is due to be suspended.
	DateToRemove *time.Time
	// DateRemoved and RemovalComment record the hold's suspension.
	DateRemoved    *time.Time
	RemovalComment *string
}

// query returns the set fields as the query parameters of PUT v1/holds.
func (u HoldUpdate) query(op string) (url.Values, error) {
	q := url.Values{}
	texts := map[string]*string{"name": u.Name, "type": u.Type, "comment": u.Comment, "alternate_id": u.AlternateID,
		"removal_comment": u.RemovalComment}
	for k, v := range texts {
		if v != nil {
			q.Set(k, *v)
		}
	}
	if u.Name != nil && strings.TrimSpace(*u.Name) == "" {
		return nil, invalidArg(op, "Name must not be empty")
	}
	if u.Type != nil && strings.TrimSpace(*u.Type) == "" {
		return nil, invalidArg(op, "Type must not be empty")
	}
	dates := map[string]*time.Time{"date_applied": u.DateApplied, "date_to_remove": u.DateToRemove, "date_removed": u.DateRemoved}
	for k, d := range dates {
		if d == nil {
			continue
		}
		if d.IsZero() {
			return nil, invalidArg(op, "%s is the zero time", k)
		}
		q.Set(k, d.Format(rmDateLayout))
	}
	return q, nil
}

// UpdateHold changes the hold holdID.
//
// It fails with an *APIError when the server refuses the change (400
// "Could not update Hold Disposition table", or ok:false naming the
// reason, such as a name another hold has).
//
// OpenText API: PUT api/v1/holds?id=&name=&type=... (the spec declares the
// fields as query parameters)
func (s *RecordsService) UpdateHold(ctx context.Context, holdID int64, u HoldUpdate) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.UpdateHold")
	defer observed.end(&err)
	const op = "Records.UpdateHold"
	if err := checkID(op, "hold ID", holdID); err != nil {
		return err
	}
	q, err := u.query(op)
	if err != nil {
		return err
	}
	if len(q) == 0 {
		return invalidArg(op, "nothing to update: set at least one field")
	}
	q.Set("id", strconv.FormatInt(holdID, 10))
	return s.c.do(ctx, &request{method: http.MethodPut, path: "v1/holds", query: q}, nil)
}

// DeleteHold deletes the hold holdID. The server refuses (400 "Error
// deleting Hold. Hold may not exist or is in use.") a hold that does not
// exist or is still applied to items: release them first.
//
// OpenText API: DELETE api/v1/holds/{id}
func (s *RecordsService) DeleteHold(ctx context.Context, holdID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.DeleteHold")
	defer observed.end(&err)
	if err := checkID("Records.DeleteHold", "hold ID", holdID); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: "v1/holds/" + strconv.FormatInt(holdID, 10)}, nil)
}

// DeleteHoldByName deletes the hold named name, in one call. Like
// DeleteHold it fails when the hold is missing or still applied to items.
//
// OpenText API: DELETE api/v2/hold?holdname=
func (s *RecordsService) DeleteHoldByName(ctx context.Context, name string) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.DeleteHoldByName")
	defer observed.end(&err)
	if strings.TrimSpace(name) == "" {
		return invalidArg("Records.DeleteHoldByName", "hold name is required")
	}
	err = s.c.do(ctx, &request{method: http.MethodDelete, path: "v2/hold", query: url.Values{"holdname": {name}}}, nil)
	return holdNamed(err, name)
}
