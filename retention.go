package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/xecm-go/xecm/internal/envelope"
)

// RecordsService works with records management: RM classifications, record
// details, standard classifications, holds and RSIs.
//
// RM calls guard edits with a token (rm_metadataToken). Where a method
// takes one, an empty token makes the SDK read the current one first; pass
// the token from Get to fail with ErrConflict instead when someone changed
// the record in between.
type RecordsService service

// Update cycle periods of record details (CyclePeriod).
const (
	CycleMonthly    = 1
	CycleSemiAnnual = 2
	CycleQuarterly  = 3
	CycleAnnual     = 12
	CycleWeekly     = 7
	CycleDaily      = 365
)

// RecordDetails are the records management details of a classified item.
type RecordDetails struct {
	RecordDate     Time
	Status         string // record status code, such as "ACTIVE"
	StatusDate     Time
	ReceivedDate   Time
	Official       bool
	Essential      string // essential (vital record) code
	Storage        string // storage medium code
	RSI            string // retention schedule
	CyclePeriod    int    // review cycle, one of the Cycle* constants (0: none)
	LastReviewDate Time
	NextReviewDate Time
	Accession      string
	Subject        string
	Originator     string
	Addressee      string
	SentTo         string
	Establishment  string
}

// RMClassification is one RM classification of a node with its record
// details.
type RMClassification struct {
	ClassID    int64 // the RM classification node
	Name       string
	FileNumber string
	// InheritedClassID is the classification inherited from the parent, if any.
	InheritedClassID int64
	// DefaultClassID is the container's default classification, if any.
	DefaultClassID int64
	RecordDetails
}

// UnmarshalJSON reads an entry of GET api/v1/nodes/{id}/rmclassifications.
func (r *RMClassification) UnmarshalJSON(b []byte) error {
	var w struct {
		ClassID        flexInt64 `json:"rmclassification_id"`
		Name           string    `json:"name"`
		FileNumber     string    `json:"file_number"`
		Inherited      flexInt64 `json:"inherited_rmclassification_id"`
		Default        flexInt64 `json:"default_rmclassification_id"`
		RSI            *string   `json:"rsi"`
		RecordDate     Time      `json:"record_date"`
		Status         *string   `json:"status"`
		FileStatus     *string   `json:"file_status"`
		StatusDate     Time      `json:"status_date"`
		ReceivedDate   Time      `json:"received_date"`
		Essential      *string   `json:"essential"`
		CyclePeriod    flexInt64 `json:"cycle_period"`
		LastReviewDate Time      `json:"last_review_date"`
		NextReviewDate Time      `json:"next_review_date"`
		Official       flexBool  `json:"official"`
		Storage        *string   `json:"storage"`
		Accession      *string   `json:"accession"`
		Subject        *string   `json:"subject"`
		Originator     *string   `json:"originator"`
		Addressee      *string   `json:"addressee"`
		SentTo         *string   `json:"sent_to"`
		Establishment  *string   `json:"establishment"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = RMClassification{ClassID: int64(w.ClassID), Name: w.Name, FileNumber: w.FileNumber,
		InheritedClassID: int64(w.Inherited), DefaultClassID: int64(w.Default),
		RecordDetails: RecordDetails{
			RecordDate: w.RecordDate, Status: str(w.Status), StatusDate: w.StatusDate, ReceivedDate: w.ReceivedDate,
			Official: bool(w.Official), Essential: str(w.Essential), Storage: str(w.Storage), RSI: str(w.RSI),
			CyclePeriod: int(w.CyclePeriod), LastReviewDate: w.LastReviewDate, NextReviewDate: w.NextReviewDate,
			Accession: str(w.Accession), Subject: str(w.Subject), Originator: str(w.Originator),
			Addressee: str(w.Addressee), SentTo: str(w.SentTo), Establishment: str(w.Establishment),
		}}
	if r.Status == "" {
		r.Status = str(w.FileStatus)
	}
	return nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// flexBool decodes true/false, 1/0, "true"/"1" and null.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true", "1", `"true"`, `"1"`, `"TRUE"`:
		*f = true
	case "false", "0", `"false"`, `"0"`, `"FALSE"`, `""`, "null":
		*f = false
	default:
		return fmt.Errorf("xecm: not a boolean: %s", prefix(b, 40))
	}
	return nil
}

// NodeRecords is the records management state of a node.
type NodeRecords struct {
	NodeID int64
	// MetadataToken guards the next change (rm_metadataToken).
	MetadataToken string
	// CanClassify says whether the user may RM-classify the node.
	CanClassify   bool
	ClassVolumeID int64
	// Inherited says the classification comes from the parent.
	Inherited bool
	// MultiClass says the node may carry several RM classifications.
	MultiClass      bool
	Classifications []RMClassification
}

// Primary returns the node's primary RM classification, if it has one.
func (n *NodeRecords) Primary() (*RMClassification, bool) {
	if n == nil || len(n.Classifications) == 0 || n.Classifications[0].ClassID == 0 {
		return nil, false
	}
	return &n.Classifications[0], true
}

func rmPath(nodeID int64) string {
	return "v1/nodes/" + strconv.FormatInt(nodeID, 10) + "/rmclassifications"
}

// Get returns the RM classifications and record details of a node.
//
// OpenText API: GET api/v1/nodes/{id}/rmclassifications
func (s *RecordsService) Get(ctx context.Context, nodeID int64) (_ *NodeRecords, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.Get")
	defer observed.end(&err)
	if err := checkID("Records.Get", "node ID", nodeID); err != nil {
		return nil, err
	}
	var env struct {
		CanRMClassify bool                                 `json:"canRMClassify"`
		ClassVolumeID flexInt64                            `json:"classVolumeID"`
		Token         string                               `json:"rm_metadataToken"`
		InheritFrom   flexBool                             `json:"inherit_from"`
		MultiClass    flexBool                             `json:"multiClass"`
		Data          envelope.OneOrMany[RMClassification] `json:"data"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: rmPath(nodeID)}, &env); err != nil {
		return nil, err
	}
	out := &NodeRecords{NodeID: nodeID, MetadataToken: env.Token, CanClassify: env.CanRMClassify,
		ClassVolumeID: int64(env.ClassVolumeID), Inherited: bool(env.InheritFrom), MultiClass: bool(env.MultiClass)}
	for _, c := range env.Data {
		if c.ClassID != 0 {
			out.Classifications = append(out.Classifications, c)
		}
	}
	return out, nil
}

// RecordDetailsUpdate changes record details. Nil fields are left as they
// are. The dates are calendar days (the spec's "format: date"): each is
// sent as the day its time names in its own location, so that midnight
// local time is that day, not the UTC day it falls on.
type RecordDetailsUpdate struct {
	RecordDate     *time.Time
	Status         *string
	StatusDate     *time.Time
	ReceivedDate   *time.Time
	Official       *bool
	Essential      *string
	Storage        *string
	RSI            *string
	CyclePeriod    *int // one of the Cycle* constants
	LastReviewDate *time.Time
	NextReviewDate *time.Time
	Accession      *string
	Subject        *string
	Originator     *string
	Addressee      *string
	SentTo         *string
	Establishment  *string
}

// rmDateLayout is how RM dates are sent (the spec's "format: date").
const rmDateLayout = "2006-01-02"

// fields returns the set fields under their wire names, as text.
func (u *RecordDetailsUpdate) fields(op string) (map[string]string, error) {
	out := map[string]string{}
	if u == nil {
		return out, nil
	}
	dates := map[string]*time.Time{"record_date": u.RecordDate, "status_date": u.StatusDate, "received_date": u.ReceivedDate,
		"last_review_date": u.LastReviewDate, "next_review_date": u.NextReviewDate}
	for k, d := range dates {
		if d == nil {
			continue
		}
		if d.IsZero() {
			return nil, invalidArg(op, "%s is the zero time", k)
		}
		// Not d.UTC(): that moves a local midnight east of UTC, or a
		// late evening west of it, to another day.
		out[k] = d.Format(rmDateLayout)
	}
	texts := map[string]*string{"status": u.Status, "essential": u.Essential, "storage": u.Storage, "rsi": u.RSI,
		"accession": u.Accession, "subject": u.Subject, "originator": u.Originator, "addressee": u.Addressee,
		"sent_to": u.SentTo, "establishment": u.Establishment}
	for k, v := range texts {
		if v != nil {
			out[k] = *v
		}
	}
	if u.Official != nil {
		out["official"] = strconv.FormatBool(*u.Official)
	}
	if u.CyclePeriod != nil {
		switch *u.CyclePeriod {
		case CycleMonthly, CycleSemiAnnual, CycleQuarterly, CycleAnnual, CycleWeekly, CycleDaily:
			out["cycle_period"] = strconv.Itoa(*u.CyclePeriod)
		default:
			return nil, invalidArg(op, "CyclePeriod %d is not a cycle period (1, 2, 3, 7, 12 or 365)", *u.CyclePeriod)
		}
	}
	return out, nil
}

// token returns tok, or the node's current RM token when tok is empty.
func (s *RecordsService) token(ctx context.Context, nodeID int64, tok string) (string, error) {
	if tok != "" {
		return tok, nil
	}
	r, err := s.Get(ctx, nodeID)
	if err != nil {
		return "", err
	}
	return r.MetadataToken, nil
}

// RecordApplyOptions holds the optional parts of Apply.
type RecordApplyOptions struct {
	// Details sets record details together with the classification.
	Details *RecordDetailsUpdate
	// MetadataToken, from Get; if empty, the SDK reads the current one.
	MetadataToken string
	// FirstClassification says the node has no RM classification yet (a
	// node just created, say): the SDK then sends no token and reads
	// none, as the server allows for a node's first classification
	// (pyxecm classifies new items so). On a node that is classified the
	// server refuses the call for want of the token.
	FirstClassification bool
}

// Apply gives a node the RM classification classID (replacing its primary
// one), with optional record details. Unless opts says it is the node's
// first classification, the call carries the node's rm_metadataToken (read
// first when opts has none).
//
// OpenText API: POST api/v1/nodes/{id}/rmclassifications
func (s *RecordsService) Apply(ctx context.Context, nodeID, classID int64, opts *RecordApplyOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.Apply")
	defer observed.end(&err)
	const op = "Records.Apply"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID(op, "classification ID", classID); err != nil {
		return err
	}
	var o RecordApplyOptions
	if opts != nil {
		o = *opts
	}
	fields, err := o.Details.fields(op)
	if err != nil {
		return err
	}
	if o.FirstClassification && o.MetadataToken != "" {
		return invalidArg(op, "FirstClassification and MetadataToken exclude each other: a first classification has no token")
	}
	form := url.Values{"class_id": {strconv.FormatInt(classID, 10)}}
	if !o.FirstClassification {
		tok, err := s.token(ctx, nodeID, o.MetadataToken)
		if err != nil {
			return err
		}
		form.Set("rm_metadataToken", tok)
	}
	for k, v := range fields {
		form.Set(k, v)
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: rmPath(nodeID), form: form}, nil)
}

// RecordUpdateOptions holds the optional parts of UpdateDetails.
type RecordUpdateOptions struct {
	// MetadataToken, from Get; if empty, the SDK reads the current one.
	MetadataToken string
}

// UpdateDetails changes the record details of a classified node.
//
// It fails with an error matching ErrConflict when the token is stale.
//
// OpenText API: PUT api/v1/nodes/{id}/rmclassifications
func (s *RecordsService) UpdateDetails(ctx context.Context, nodeID int64, u RecordDetailsUpdate, opts *RecordUpdateOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.UpdateDetails")
	defer observed.end(&err)
	const op = "Records.UpdateDetails"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	fields, err := u.fields(op)
	if err != nil {
		return err
	}
	if len(fields) == 0 {
		return invalidArg(op, "nothing to update: set at least one field")
	}
	var tok string
	if opts != nil {
		tok = opts.MetadataToken
	}
	if tok, err = s.token(ctx, nodeID, tok); err != nil {
		return err
	}
	form := url.Values{"rm_metadataToken": {tok}}
	for k, v := range fields {
		form.Set(k, v)
	}
	return s.c.do(ctx, &request{method: http.MethodPut, path: rmPath(nodeID), form: form}, nil)
}

// Remove removes the RM classification classID from a node. An empty
// token makes the SDK read the current one.
//
// OpenText API: DELETE api/v1/nodes/{id}/rmclassifications/{class_id}?rm_metadataToken=...
func (s *RecordsService) Remove(ctx context.Context, nodeID, classID int64, metadataToken string) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.Remove")
	defer observed.end(&err)
	const op = "Records.Remove"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID(op, "classification ID", classID); err != nil {
		return err
	}
	tok, err := s.token(ctx, nodeID, metadataToken)
	if err != nil {
		return err
	}
	path := rmPath(nodeID) + "/" + strconv.FormatInt(classID, 10)
	// The spec puts the token in the query string of this DELETE.
	return s.c.do(ctx, &request{method: http.MethodDelete, path: path, query: url.Values{"rm_metadataToken": {tok}}}, nil)
}

// RMClassificationRole returns the "rmclassifications" member of the "roles" of a
// create call (POST api/v2/nodes, POST api/v2/businessworkspaces), which
// classifies the new item in the same request:
//
//	roles["rmclassifications"], err = xecm.RMClassificationRole(classID, details)
//
// The layout is that of the server's create form (role_name
// "rmclassifications"): rmclassification_id plus record detail fields.
func RMClassificationRole(classID int64, details *RecordDetailsUpdate) (map[string]any, error) {
	return rmClassificationRole("RMClassificationRole", "classification ID", classID, details)
}

// rmClassificationRole is RMClassificationRole with errors in the words of
// the calling operation and its field.
func rmClassificationRole(op, field string, classID int64, details *RecordDetailsUpdate) (map[string]any, error) {
	if err := checkID(op, field, classID); err != nil {
		return nil, err
	}
	fields, err := details.fields(op)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"rmclassification_id": classID}
	for k, v := range fields {
		switch k {
		case "official":
			out[k] = v == "true"
		case "cycle_period":
			n, _ := strconv.Atoi(v)
			out[k] = n
		default:
			out[k] = v
		}
	}
	return out, nil
}
