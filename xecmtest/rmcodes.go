package xecmtest

import (
	"net/http"
	"strings"
)

// Records management code tables: GET api/v2/recordsmanagement/rmcodes
// lists them (the spec's RMCodesV2), POST api/v1/recordsmanagement/rmcodes/{name}
// adds a code to one.

// rmCode is one code of an RM code table; the fields beyond Code and
// Description belong to one table each.
type rmCode struct {
	Code, Description string
	Vital             bool   // essential
	DefaultPeriod     int64  // hold_type
	RelatedCode       string // xref_type
	// RelatedDescription is accepted (xref_type) and kept, but neither list
	// schema has a field that shows it.
	RelatedDescription string
	StageOrder         int64 // stage
}

// rmCodeTable is one code table: its key in RMCodesV2's results.data, its
// default code and its codes in the order they were added.
type rmCodeTable struct {
	key   string
	def   string
	codes []rmCode
}

// rmCodeTables maps the POST's table names (the spec's list of valid
// names) to the RMCodesV2 keys. The spec states neither mapping; it is
// read from the names: file_status is "status", xref_type is
// "cross_reference", stage is "retention_stage", rule_code is "rsi_rule".
var rmCodeTables = map[string]string{
	"file_status": "status", "storage": "storage", "accession": "accession", "essential": "essential",
	"hold_type": "hold_type", "xref_type": "cross_reference", "rsi_status": "rsi_status",
	"stage": "retention_stage", "rule_code": "rsi_rule",
}

// seedRMCodes fills the code tables with the codes the seeded records,
// RSIs and holds use (records.go, holds.go), so the lists agree with them.
func seedRMCodes() map[string]*rmCodeTable {
	t := map[string]*rmCodeTable{}
	for name, key := range rmCodeTables {
		t[name] = &rmCodeTable{key: key}
	}
	t["file_status"].def = "ACTIVE"
	t["file_status"].codes = []rmCode{{Code: "ACTIVE", Description: "Active"}, {Code: "INACTIVE", Description: "Inactive"}}
	t["storage"].def = "EL"
	t["storage"].codes = []rmCode{{Code: "EL", Description: "Electronic"}}
	t["essential"].def = "NR"
	t["essential"].codes = []rmCode{{Code: "NR", Description: "Non-essential record"}}
	t["hold_type"].codes = []rmCode{{Code: "LEGAL", Description: "Legal hold"}, {Code: "AUDIT", Description: "Audit hold"}}
	t["rsi_status"].codes = []rmCode{{Code: "ACTIVE", Description: "Active"}}
	t["stage"].codes = []rmCode{{Code: "ACTIVE", Description: "Active", StageOrder: 1},
		{Code: "INACTIVE", Description: "Inactive", StageOrder: 2}, {Code: "PERMANENT", Description: "Permanent", StageOrder: 3}}
	t["rule_code"].codes = []rmCode{{Code: "SIGNED", Description: "Contract signed"}}
	return t
}

func (s *Server) installRMCodes() {
	s.rm.codes = seedRMCodes()
	s.api("GET /v2/recordsmanagement/rmcodes", s.handleListRMCodes)
	s.api("POST /v1/recordsmanagement/rmcodes/{name}", s.handleAddRMCode)
}

// wire is a code as its table's item schema (StrCodeDescription,
// EssentialCode, HoldTypeCode, CrossReferenceCode, RetentionStageCode).
func (c rmCode) wire(table string) map[string]any {
	m := map[string]any{"code": c.Code, "description": c.Description}
	switch table {
	case "essential":
		m["vital"] = c.Vital
	case "hold_type":
		m["default_period"] = c.DefaultPeriod
	case "xref_type":
		m["related_code"] = c.RelatedCode
	case "stage":
		m["ret_stage_order"] = c.StageOrder
	}
	return m
}

// handleListRMCodes is GET api/v2/recordsmanagement/rmcodes. The
// simulator keeps only the tables a code can be added to; the schema's
// other lists (action_code, disposition, jurisdiction...) are left out
// rather than answered empty.
func (s *Server) handleListRMCodes(c *call) (any, error) {
	data := map[string]any{}
	for name, t := range s.rm.codes {
		values := make([]any, 0, len(t.codes))
		for _, code := range t.codes {
			values = append(values, code.wire(name))
		}
		table := map[string]any{"values": values}
		if t.def != "" {
			table["default_value"] = t.def
		}
		data[t.key] = table
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"ok": true, "data": data}}, nil
}

// errNoRMCodeTable is the spec's only 400 of the POST ("Could not get
// table description"). It answers an unknown table name and, for want of
// any documented text, a code the table already has.
func errNoRMCodeTable() error {
	return errorf(http.StatusBadRequest, "Could not get table description")
}

// handleAddRMCode is POST api/v1/recordsmanagement/rmcodes/{name}. The
// fields a table needs ("only required when creating ...") are required
// for it. The spec's 200 is only "new created code and description",
// without a schema; the answer here is those two fields, nothing more.
func (s *Server) handleAddRMCode(c *call) (any, error) {
	name := c.r.PathValue("name")
	t := s.rm.codes[name]
	if t == nil {
		return nil, errNoRMCodeTable()
	}
	code, _ := c.params.str("code")
	if code = strings.TrimSpace(code); code == "" {
		return nil, missing("code")
	}
	for _, have := range t.codes {
		if have.Code == code {
			return nil, errNoRMCodeTable()
		}
	}
	n := rmCode{Code: code}
	n.Description, _ = c.params.str("description")
	var err error
	switch name {
	case "essential":
		if !c.params.has("vitalRec") {
			return nil, missing("vitalRec")
		}
		err = c.boolParam("vitalRec", &n.Vital)
	case "hold_type":
		n.DefaultPeriod, err = c.requiredInt("DefaultPeriod")
	case "xref_type":
		n.RelatedCode, _ = c.params.str("relatedCode")
		if strings.TrimSpace(n.RelatedCode) == "" {
			return nil, missing("relatedCode")
		}
		n.RelatedDescription, _ = c.params.str("relatedDescription")
	case "stage":
		n.StageOrder, err = c.requiredInt("stageOrder")
	}
	if err != nil {
		return nil, err
	}
	t.codes = append(t.codes, n)
	return map[string]any{"code": n.Code, "description": n.Description}, nil
}

// requiredInt reads the integer form field name, which must be present.
func (c *call) requiredInt(name string) (int64, error) {
	v, present, err := c.params.int64(name)
	if err != nil {
		return 0, err
	}
	if !present {
		return 0, missing(name)
	}
	return v, nil
}
