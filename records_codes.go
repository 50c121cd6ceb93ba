package xecm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Records management code tables: the lists of codes a record's status,
// storage, essential code, a hold's type, an RSI's status, stage and rule
// code are chosen from.

// RMCodeTable names a code table a code can be added to, as
// POST api/v1/recordsmanagement/rmcodes/{name} names it.
type RMCodeTable string

// The code tables of Records.AddCode (the spec's list of valid names).
const (
	RMCodeFileStatus RMCodeTable = "file_status"
	RMCodeStorage    RMCodeTable = "storage"
	RMCodeAccession  RMCodeTable = "accession"
	RMCodeEssential  RMCodeTable = "essential"
	RMCodeHoldType   RMCodeTable = "hold_type"
	RMCodeXRefType   RMCodeTable = "xref_type"
	RMCodeRSIStatus  RMCodeTable = "rsi_status"
	RMCodeStage      RMCodeTable = "stage"
	RMCodeRuleCode   RMCodeTable = "rule_code"
)

// RMCode is one code of a code table. The fields after Description belong
// to one table each; AddCode sends them only for that table.
type RMCode struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	// Vital marks an essential code as a vital record (RMCodeEssential).
	Vital bool `json:"vital"`
	// DefaultPeriod is a hold type's default period (RMCodeHoldType). The
	// spec does not say its unit.
	DefaultPeriod int `json:"default_period"`
	// RelatedCode is the code a cross-reference type pairs with
	// (RMCodeXRefType); RelatedDescription, its description, is sent when
	// set but is not part of the list's answer.
	RelatedCode        string `json:"related_code"`
	RelatedDescription string `json:"-"`
	// StageOrder is a retention stage's place in order (RMCodeStage).
	StageOrder int `json:"ret_stage_order"`
}

// RMCodeList is one code table: its codes and the code the server
// proposes by default ("" when it names none).
type RMCodeList struct {
	Default string   `json:"default_value"`
	Codes   []RMCode `json:"values"`
}

// RMCodes is the code tables a code can be added to, each under the key
// GET api/v2/recordsmanagement/rmcodes gives it. Which POST table name is
// which key is not stated by the spec; it is read from the names (file
// status is "status", cross-reference type "cross_reference", stage
// "retention_stage", rule code "rsi_rule"). The answer's other lists
// (action codes, dispositions, jurisdictions...) are not read.
type RMCodes struct {
	FileStatus RMCodeList `json:"status"`
	Storage    RMCodeList `json:"storage"`
	Accession  RMCodeList `json:"accession"`
	Essential  RMCodeList `json:"essential"`
	HoldType   RMCodeList `json:"hold_type"`
	XRefType   RMCodeList `json:"cross_reference"`
	RSIStatus  RMCodeList `json:"rsi_status"`
	Stage      RMCodeList `json:"retention_stage"`
	RuleCode   RMCodeList `json:"rsi_rule"`
}

// Codes returns the records management code tables. The v1 list
// (GET api/v1/recordsmanagement/rmcodes) is not read: every table it has
// is in the v2 answer, which also carries the defaults and the fields
// particular to a table.
//
// OpenText API: GET api/v2/recordsmanagement/rmcodes
func (s *RecordsService) Codes(ctx context.Context) (_ *RMCodes, err error) {
	ctx, observed := s.c.startOp(ctx, "Records.Codes")
	defer observed.end(&err)
	const path = "v2/recordsmanagement/rmcodes"
	var env struct {
		Results struct {
			Data *RMCodes `json:"data"`
		} `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	if env.Results.Data == nil {
		return nil, malformed(http.MethodGet, path, "no results.data in the response")
	}
	return env.Results.Data, nil
}

// AddCode adds code to the code table table. Code is required, and so is
// RelatedCode for RMCodeXRefType; Vital (RMCodeEssential), DefaultPeriod
// (RMCodeHoldType) and StageOrder (RMCodeStage), which the server requires
// for their table, are always sent for it. An unknown table or a missing
// field fails with ErrInvalidArgument before anything is sent.
//
// The server refuses an unknown table with 400 "Could not get table
// description". Its 200 carries "new created code and description" by the
// spec, which gives no schema for it, so AddCode does not read it: call
// Codes to see the table.
//
// OpenText API: POST api/v1/recordsmanagement/rmcodes/{name}
func (s *RecordsService) AddCode(ctx context.Context, table RMCodeTable, code RMCode) (err error) {
	ctx, observed := s.c.startOp(ctx, "Records.AddCode")
	defer observed.end(&err)
	form, err := code.form(table)
	if err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodPost,
		path: "v1/recordsmanagement/rmcodes/" + url.PathEscape(string(table)), form: form}, nil)
}

// form returns code as the POST's form fields for table.
func (c RMCode) form(table RMCodeTable) (url.Values, error) {
	const op = "Records.AddCode"
	if strings.TrimSpace(c.Code) == "" {
		return nil, invalidArg(op, "Code is required")
	}
	f := url.Values{"code": {c.Code}}
	if c.Description != "" {
		f.Set("description", c.Description)
	}
	switch table {
	case RMCodeFileStatus, RMCodeStorage, RMCodeAccession, RMCodeRSIStatus, RMCodeRuleCode:
	case RMCodeEssential:
		f.Set("vitalRec", strconv.FormatBool(c.Vital))
	case RMCodeHoldType:
		f.Set("DefaultPeriod", strconv.Itoa(c.DefaultPeriod))
	case RMCodeXRefType:
		if strings.TrimSpace(c.RelatedCode) == "" {
			return nil, invalidArg(op, "RelatedCode is required for table %s", table)
		}
		f.Set("relatedCode", c.RelatedCode)
		if c.RelatedDescription != "" {
			f.Set("relatedDescription", c.RelatedDescription)
		}
	case RMCodeStage:
		f.Set("stageOrder", strconv.Itoa(c.StageOrder))
	default:
		return nil, invalidArg(op, "unknown code table %q", string(table))
	}
	return f, nil
}
