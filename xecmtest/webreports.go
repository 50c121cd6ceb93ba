package xecmtest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// TypeWebReport is the subtype of WebReport nodes.
const TypeWebReport = 30303

// The seeded WebReports. A real server runs report templates its users
// write (tags over data sources, any output format); the simulator does
// not interpret templates. It models two reports whose output it renders
// from its own data, so that what a client does with a report (read its
// parameters and destination, run it with parameters, read the output as
// a stream or JSON, or have it written into a folder) can be tested:
//
//   - ChildrenReportNickname (node ChildrenReportID), destination
//     "browser", export MIME type application/json: the visible children
//     of the folder given by its parameter "folderID" (default: the
//     Enterprise Workspace), optionally only those whose name contains
//     "nameFilter", as {"folder_id": N, "items": [{"id", "name", "type"}]}.
//     A folder that does not exist or that the user may not see gives no
//     rows: {"folder_id": N, "items": []}, as a template's data source
//     over an unknown node does.
//   - ExportReportNickname (node ExportReportID), destination "Content
//     Server node", export MIME type text/csv: the same rows as CSV (id,
//     name, type), written as the document "Folder report.csv" into the
//     container given by its parameter "targetID" (the destination's
//     create_in_id, which WebReports fills from a parameter by tag
//     replacement); an existing document of that name gets a new
//     version (duplicate_name_action "Add Version").
//
// Run both as the calling user: the rows are what the user may see, and
// the export needs permission to add items to the target.
const (
	ChildrenReportNickname       = "xecm_folder_children"
	ChildrenReportID       int64 = 2300
	ExportReportNickname         = "xecm_folder_export"
	ExportReportID         int64 = 2301
)

// exportReportDocName is the name the export report's destination gives
// its output document.
const exportReportDocName = "Folder report.csv"

// wrParam is a parameter a WebReport declares (the spec's
// webreports_ParameterData).
type wrParam struct {
	Name, Type, Display, Description string
	Mandatory                        bool
	Default                          any
}

// webReport is a seeded report: its node, nickname, parameters and
// destination.
type webReport struct {
	NodeID      int64
	Nickname    string
	Params      []wrParam
	Destination string // "browser", or "node" (a Content Server node)
	MimeType    string
}

// wrState is the WebReports area: the reports by node id. A report's
// nickname is its node's (nicknames.go), so that a nickname set with PUT
// api/v2/nodes/{id}/nicknames runs the report too.
type wrState struct {
	byID map[int64]*webReport
}

func (s *Server) installWebReports() {
	s.wr = wrState{byID: map[int64]*webReport{}}
	folder := wrParam{Name: "folderID", Type: "ObjectID", Display: "Folder", Mandatory: true, Default: EnterpriseWorkspaceID,
		Description: "The folder whose children are listed"}
	filter := wrParam{Name: "nameFilter", Type: "String", Display: "Name contains", Default: "",
		Description: "Only children whose name contains this text"}
	target := wrParam{Name: "targetID", Type: "ObjectID", Display: "Target folder", Mandatory: true,
		Description: "The folder the report is written into"}
	s.addWebReportLocked(&webReport{NodeID: ChildrenReportID, Nickname: ChildrenReportNickname, Destination: "browser",
		MimeType: "application/json", Params: []wrParam{folder, filter}}, "Folder children")
	s.addWebReportLocked(&webReport{NodeID: ExportReportID, Nickname: ExportReportNickname, Destination: "node",
		MimeType: "text/csv", Params: []wrParam{folder, filter, target}}, "Folder export")

	s.apiRaw("GET /v1/webreports/{nickname}", 0, s.serveWebReport)
	s.api("POST /v1/webreports/{nickname}", s.handleExportWebReport)
	s.api("GET /v1/webreports/{nickname}/parameters", s.handleWebReportParameters)
	s.apiRaw("GET /v1/nodes/{id}/output", 0, s.serveWebReport)
	s.api("POST /v1/nodes/{id}/output", s.handleExportWebReport)
	s.api("GET /v1/nodes/{id}/destination", s.handleWebReportDestination)
}

// addWebReportLocked seeds a report node outside the Enterprise
// Workspace (as the workflow maps are), so that browsing it is unchanged.
func (s *Server) addWebReportLocked(r *webReport, name string) {
	now := s.now()
	s.nodes.byID[r.NodeID] = &node{
		ID: r.NodeID, ParentID: -1, VolumeID: -r.NodeID, Type: TypeWebReport, Name: name,
		NameML: map[string]string{"en": name}, DescriptionML: map[string]string{"en": ""},
		Created: now, Modified: now, CreateUser: adminUserID, ModifyUser: adminUserID, OwnerUser: adminUserID, OwnerGroup: defaultGroupID, Rev: 1,
		Nickname: r.Nickname,
	}
	s.wr.byID[r.NodeID] = r
}

// reportLocked finds the report the path names, by nickname or node id,
// as the user may see it. A node that is no WebReport is refused with the
// spec's 500.
func (s *Server) reportLocked(c *call) (*webReport, error) {
	var n *node
	ref := c.r.PathValue("nickname")
	if ref != "" {
		if n = s.nodeByNicknameLocked(ref); n != nil && s.nodes.byID[n.ID] != n {
			n = nil // in the Recycle Bin
		}
	} else {
		id, err := c.pathID("id")
		if err != nil {
			return nil, err
		}
		n, ref = s.nodes.byID[id], strconv.FormatInt(id, 10)
	}
	if n == nil || !s.canLocked(c.userID(), n, "see") {
		return nil, errorf(http.StatusBadRequest, "Could not get node for %s", ref)
	}
	r := s.wr.byID[n.ID]
	if r == nil {
		return nil, errorf(http.StatusInternalServerError, "Specified node is not a WebReport node.")
	}
	return r, nil
}

func (s *Server) handleWebReportParameters(c *call) (any, error) {
	r, err := s.reportLocked(c)
	if err != nil {
		return nil, err
	}
	data := []any{}
	for i, p := range r.Params {
		d := map[string]any{"type": p.Type, "parm_name": p.Name, "display_text": p.Display, "prompt": true,
			"prompt_order": i + 1, "default_value": p.Default, "description": p.Description, "mandatory": p.Mandatory}
		if p.Type == "ObjectID" {
			spec := map[string]any{"valid_subtype_list": []any{map[string]any{"name": "Folder", "subtype": TypeFolder}}}
			if id, ok := p.Default.(int64); ok {
				if n := s.nodes.byID[id]; n != nil {
					spec["node_name"], spec["node_path"] = n.Name, n.Name
				}
			}
			d["type_specific"] = []any{spec}
		}
		data = append(data, d)
	}
	return map[string]any{"data": data}, nil
}

// destinationJSON is the report's destination tab (the spec's
// webreports_DestinationData / webreports_OutputData).
func (r *webReport) destinationJSON() map[string]any {
	d := map[string]any{"output_destination": "browser", "export_mime_type": r.MimeType, "http_method": http.MethodGet,
		"export_if_no_data": true, "run_in_background": false, "show_status_screen": false, "use_conversion_engine": false,
		"schedule_data": []any{}, "destination_specific": []any{}}
	if r.Destination == "node" {
		d["output_destination"], d["http_method"] = "node", http.MethodPost
		d["destination_specific"] = []any{map[string]any{"create_in_id (*)": "[LL_REPTAG_&targetID /]",
			"duplicate_name_action": "Add Version", "output_name (*)": exportReportDocName}}
	}
	return d
}

func (s *Server) handleWebReportDestination(c *call) (any, error) {
	r, err := s.reportLocked(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"data": []any{r.destinationJSON()}}, nil
}

// reportArg is the value of a report parameter: given in the request
// (form fields, then the query string), else its default.
func reportArg(c *call, p wrParam) string {
	if v, ok := c.params.str(p.Name); ok && v != "" {
		return v
	}
	if v := c.query.Get(p.Name); v != "" {
		return v
	}
	if p.Default == nil {
		return ""
	}
	return fmt.Sprint(p.Default)
}

// reportRowsLocked renders the rows both seeded reports list.
func (s *Server) reportRowsLocked(c *call, r *webReport) (folderID int64, rows []map[string]any) {
	args := map[string]string{}
	for _, p := range r.Params {
		args[p.Name] = reportArg(c, p)
	}
	folderID, _ = strconv.ParseInt(args["folderID"], 10, 64)
	rows = []map[string]any{}
	n := s.nodes.byID[folderID]
	if n == nil || !s.canLocked(c.userID(), n, "see_contents") {
		return folderID, rows
	}
	for _, id := range n.Children {
		ch := s.nodes.byID[id]
		if ch == nil || !s.canLocked(c.userID(), ch, "see") {
			continue
		}
		if f := args["nameFilter"]; f != "" && !strings.Contains(strings.ToLower(ch.Name), strings.ToLower(f)) {
			continue
		}
		rows = append(rows, map[string]any{"id": ch.ID, "name": ch.Name, "type": ch.Type})
	}
	return folderID, rows
}

// serveWebReport runs a report whose destination is the browser and
// writes its output with the report's export MIME type (GET). The
// "format" emitter is "json" by default or "webreport" (no further
// processing); the spec does not say what the json emitter does to
// output that is not JSON, and the simulator's browser report writes
// JSON, which both emitters pass through unchanged.
func (s *Server) serveWebReport(c *call) error {
	switch f := c.query.Get("format"); f {
	case "", "json", "webreport":
	default:
		return invalid("format", f)
	}
	s.mu.Lock()
	r, err := s.reportLocked(c)
	var out []byte
	if err == nil {
		if r.Destination != "browser" {
			err = errorf(http.StatusInternalServerError, "Invalid export destination")
		} else {
			folderID, rows := s.reportRowsLocked(c, r)
			out, err = json.Marshal(map[string]any{"folder_id": folderID, "items": rows})
		}
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", r.MimeType)
	c.w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(out)
	return nil
}

// handleExportWebReport runs a report whose destination is not the
// browser (POST): the export report writes its CSV into the target
// folder and answers where (the spec's webreports_OutputResponse with
// node_id; the spec's POST operations name other schemas, a parameter
// listing and a destination listing, which the answer also satisfies).
func (s *Server) handleExportWebReport(c *call) (any, error) {
	r, err := s.reportLocked(c)
	if err != nil {
		return nil, err
	}
	if r.Destination == "browser" {
		return nil, errorf(http.StatusInternalServerError, "Invalid export destination")
	}
	var target wrParam
	for _, p := range r.Params {
		if p.Name == "targetID" {
			target = p
		}
	}
	targetID, err := strconv.ParseInt(reportArg(c, target), 10, 64)
	parent := s.nodes.byID[targetID]
	if err != nil || parent == nil || !parent.container() || !s.canLocked(c.userID(), parent, "see") {
		return nil, errorf(http.StatusInternalServerError, "Invalid export destination")
	}
	if err := s.requireLocked(c.userID(), parent, "add_items"); err != nil {
		return nil, err
	}
	_, rows := s.reportRowsLocked(c, r)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"id", "name", "type"})
	for _, row := range rows {
		_ = w.Write([]string{fmt.Sprint(row["id"]), fmt.Sprint(row["name"]), fmt.Sprint(row["type"])})
	}
	w.Flush()
	n, err := s.writeReportDocumentLocked(c, parent, exportReportDocName, r.MimeType, buf.Bytes())
	if err != nil {
		return nil, err
	}
	return map[string]any{"destination_data": []any{r.destinationJSON()}, "node_id": n.ID}, nil
}

// writeReportDocumentLocked creates the document name in parent with
// data, or adds a version to the document of that name.
func (s *Server) writeReportDocumentLocked(c *call, parent *node, name, mimeType string, data []byte) (*node, error) {
	content := &blob{data: data, size: int64(len(data))}
	if err := hashBlob(content); err != nil {
		return nil, err
	}
	for _, id := range parent.Children {
		n := s.nodes.byID[id]
		if n == nil || !strings.EqualFold(n.Name, name) {
			continue
		}
		vs := s.docs.versions[n.ID]
		if n.Type != TypeDocument || len(vs) == 0 {
			return nil, errorf(http.StatusInternalServerError, "An item with the name '%s' already exists.", name)
		}
		if err := s.requireLocked(c.userID(), n, "add_major_version"); err != nil {
			return nil, err
		}
		last := vs[len(vs)-1]
		v := &docVersion{Number: last.Number + 1, ID: int64(s.nextSeq()), FileName: name, MimeType: mimeType, Content: content,
			Created: s.now(), Owner: c.userID()}
		s.docs.versions[n.ID] = append(vs, v)
		n.Size, n.MimeType = content.size, mimeType
		s.touchLocked(n, c.userID())
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventVersionAdded, UserID: c.userID(), Date: v.Created, Version: v.Number})
		return n, nil
	}
	n, err := s.insertNodeLocked(newNode{ParentID: parent.ID, Type: TypeDocument, Name: name, Size: content.size, MimeType: mimeType}, c.userID())
	if err != nil {
		return nil, err
	}
	s.docs.versions[n.ID] = []*docVersion{{Number: 1, ID: int64(s.nextSeq()), FileName: name, MimeType: mimeType, Content: content,
		Created: s.now(), Owner: c.userID()}}
	s.createdLocked(n)
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventCreate, UserID: c.userID()})
	return n, nil
}
