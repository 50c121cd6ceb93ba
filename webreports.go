package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// WebReportsService runs WebReports: report templates that Content Server
// users write and that render Content Server data into any format (JSON,
// CSV, HTML), for a browser or into a destination such as a folder. A
// report is named by its nickname or its node ID (WebReport).
type WebReportsService service

// WebReport names a report: by Nickname (as its node's nickname is set in
// Content Server) or by NodeID. Exactly one is set; see WebReportNickname
// and WebReportNode.
type WebReport struct {
	Nickname string
	NodeID   int64
}

// WebReportNickname names a report by its nickname.
func WebReportNickname(nickname string) WebReport { return WebReport{Nickname: nickname} }

// WebReportNode names a report by its node ID.
func WebReportNode(id int64) WebReport { return WebReport{NodeID: id} }

// path is the report's run path: v1/webreports/{nickname} or
// v1/nodes/{id}/output.
func (r WebReport) path(op string) (string, error) {
	switch {
	case r.Nickname != "" && r.NodeID != 0:
		return "", invalidArg(op, "report: Nickname and NodeID are mutually exclusive")
	case r.Nickname != "":
		if strings.ContainsAny(r.Nickname, "/?#") || strings.TrimSpace(r.Nickname) != r.Nickname {
			return "", invalidArg(op, "report nickname %q is not a nickname", r.Nickname)
		}
		return "v1/webreports/" + url.PathEscape(r.Nickname), nil
	case r.NodeID != 0:
		if err := checkID(op, "report node ID", r.NodeID); err != nil {
			return "", err
		}
		return "v1/nodes/" + strconv.FormatInt(r.NodeID, 10) + "/output", nil
	}
	return "", invalidArg(op, "report: one of Nickname and NodeID is required")
}

// checkReportParams refuses parameter names the call itself uses.
func checkReportParams(op string, params url.Values) error {
	for name := range params {
		switch name {
		case "":
			return invalidArg(op, "a report parameter has no name")
		case "format", "body", "suppress_response_codes":
			return invalidArg(op, "report parameter name %q is taken by the API call itself", name)
		}
	}
	return nil
}

// cloneParams copies the caller's parameters, so that the call never
// changes them.
func cloneParams(params url.Values) url.Values {
	out := make(url.Values, len(params)+1)
	for k, v := range params {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// WebReportParameter is a parameter a report declares.
type WebReportParameter struct {
	// Name is what Run and Export take the value under.
	Name string `json:"parm_name"`
	// Type is one of "User", "ObjectID", "Number", "Object", "String",
	// "Date" and "Custom".
	Type        string `json:"type"`
	DisplayText string `json:"display_text"`
	Description string `json:"description"`
	Prompt      bool   `json:"prompt"`
	PromptOrder int    `json:"prompt_order"`
	Mandatory   bool   `json:"mandatory"`
	// Default is the default value as the server sent it (a number, a
	// string, or null).
	Default json.RawMessage `json:"default_value"`
	// TypeSpecific holds what only some types have (for ObjectID, the
	// default node's name and the valid subtypes), as the server sent it.
	TypeSpecific json.RawMessage `json:"type_specific"`
}

// Parameters reads the parameters a report declares, in prompt order as
// the server lists them. A nickname no node has (or whose node the user
// may not see) is refused with 400 "Could not get node for ...", which
// matches ErrNotFound.
//
// OpenText API: GET api/v1/webreports/{nickname}/parameters
func (s *WebReportsService) Parameters(ctx context.Context, nickname string) (_ []WebReportParameter, err error) {
	const op = "WebReports.Parameters"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if nickname == "" {
		return nil, invalidArg(op, "report: a nickname is required")
	}
	path, err := WebReportNickname(nickname).path(op)
	if err != nil {
		return nil, err
	}
	var env struct {
		Data []WebReportParameter `json:"data"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path + "/parameters"}, &env); err != nil {
		return nil, err
	}
	return env.Data, nil
}

// WebReportOutput is a report's output as a stream. Close it.
type WebReportOutput struct {
	io.ReadCloser
	// ContentType is the report's export MIME type, as the server sent it.
	ContentType string
}

// Open runs a report whose destination is the browser (or desktop) and
// returns its output unprocessed (format=webreport), as its template
// writes it, with params as the report's parameters (in the query string;
// a report also takes parameters it does not declare, as its template
// reads them).
//
// The server answers 400 "Could not get node for ..." (matching
// ErrNotFound) for an unknown report and 500 "Invalid export destination"
// for a report that writes elsewhere (run it with Export); a node that is
// no WebReport gets 500 "Specified node is not a WebReport node.". Each is
// an *APIError. Parameter names the call itself uses (format, body) are
// refused with ErrInvalidArgument.
//
// OpenText API: GET api/v1/webreports/{nickname}, GET api/v1/nodes/{id}/output
func (s *WebReportsService) Open(ctx context.Context, report WebReport, params url.Values) (_ *WebReportOutput, err error) {
	const op = "WebReports.Open"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	r, err := reportRequest(op, report, params)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.stream(ctx, r)
	if err != nil {
		return nil, err
	}
	return &WebReportOutput{ReadCloser: resp.Body, ContentType: resp.Header.Get("Content-Type")}, nil
}

// reportRequest is the GET that runs a report.
func reportRequest(op string, report WebReport, params url.Values) (*request, error) {
	path, err := report.path(op)
	if err != nil {
		return nil, err
	}
	if err := checkReportParams(op, params); err != nil {
		return nil, err
	}
	q := cloneParams(params)
	// The "webreport" emitter hands over the output as written; the
	// default "json" one processes and escapes it further.
	q.Set("format", "webreport")
	return &request{method: http.MethodGet, path: path, query: q, accept: "*/*"}, nil
}

// Run runs a report whose destination is the browser, as Open does, and
// decodes its output, which must be JSON, into v (a pointer). It fails as
// Open does, and with an error naming the content type when the output
// is not JSON. The output is read whole, up to the client's
// WithMaxResponseSize.
//
// OpenText API: GET api/v1/webreports/{nickname}, GET api/v1/nodes/{id}/output
func (s *WebReportsService) Run(ctx context.Context, report WebReport, params url.Values, v any) (err error) {
	const op = "WebReports.Run"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if v == nil {
		return invalidArg(op, "nil value to decode the output into")
	}
	r, err := reportRequest(op, report, params)
	if err != nil {
		return err
	}
	resp, err := s.c.stream(ctx, r)
	if err != nil {
		return err
	}
	defer drainClose(resp)
	body, err := readBody(resp, s.c.maxAnswer)
	if err != nil {
		return fmt.Errorf("xecm: %s: reading the output of %s: %w", op, r.path, err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("xecm: %s: the output of %s (%s) does not decode as JSON into %T: %w",
			op, r.path, resp.Header.Get("Content-Type"), v, err)
	}
	return nil
}

// WebReportDestination is where a report sends its output.
type WebReportDestination struct {
	// Type is the destination type, such as "browser", "desktop", "node"
	// (a Content Server node), "email" or "workflow".
	Type     string `json:"output_destination"`
	MimeType string `json:"export_mime_type"`
	// HTTPMethod is how the report is run: GET (Open, Run) for the
	// browser and desktop, POST (Export) for the others.
	HTTPMethod       string `json:"http_method"`
	RunInBackground  bool   `json:"run_in_background"`
	ExportIfNoData   bool   `json:"export_if_no_data"`
	ShowStatusScreen bool   `json:"show_status_screen"`
	// Specific holds the destination's own settings (for a node, the
	// container and the action on a duplicate name), as the server sent
	// them; their keys vary with the destination type.
	Specific json.RawMessage `json:"destination_specific"`
}

// Destination reads where a report sends its output, which says whether
// to run it with Open or Run (HTTPMethod GET) or with Export (POST). The
// server answers 400 "Could not get node for ..." (matching ErrNotFound)
// for an unknown node and 500 for a node that is no WebReport.
//
// OpenText API: GET api/v1/nodes/{id}/destination
func (s *WebReportsService) Destination(ctx context.Context, reportID int64) (_ *WebReportDestination, err error) {
	const op = "WebReports.Destination"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "report node ID", reportID); err != nil {
		return nil, err
	}
	path := "v1/nodes/" + strconv.FormatInt(reportID, 10) + "/destination"
	var env struct {
		Data []WebReportDestination `json:"data"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	if len(env.Data) == 0 {
		return nil, malformed(http.MethodGet, path, "no destination data in the response")
	}
	return &env.Data[0], nil
}

// WebReportExport is the outcome of Export.
type WebReportExport struct {
	// NodeID is the node the output was written to (Content Server node
	// destination), else 0.
	NodeID int64
	// WorkID is the workflow the report initiated (workflow destination),
	// else 0.
	WorkID int64
	// Destinations are the report's destinations as the server reported them.
	Destinations []WebReportDestination
}

// Export runs a report whose destination is not the browser (a Content
// Server node, e-mail, a workflow, ...), with params as form fields, and
// returns where the output went. It is sent once: running a report again
// writes its output again (a new version, a second e-mail).
//
// The server answers as for Open, and 500 "Invalid export destination"
// for a report whose destination is the browser (run it with Open or
// Run) or whose destination the parameters do not name. An error
// matching ErrOutcomeUnknown means the report may have run although no
// answer said so.
//
// OpenText API: POST api/v1/webreports/{nickname}, POST api/v1/nodes/{id}/output
func (s *WebReportsService) Export(ctx context.Context, report WebReport, params url.Values) (_ *WebReportExport, err error) {
	const op = "WebReports.Export"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	path, err := report.path(op)
	if err != nil {
		return nil, err
	}
	if err := checkReportParams(op, params); err != nil {
		return nil, err
	}
	form := cloneParams(params)
	// The spec's POST operations name two answers (a destination listing
	// under "data", and webreports_OutputResponse with destination_data,
	// node_id and work_id): both are read.
	var env struct {
		DestinationData []WebReportDestination `json:"destination_data"`
		Data            []WebReportDestination `json:"data"`
		NodeID          flexInt64              `json:"node_id"`
		WorkID          flexInt64              `json:"work_id"`
	}
	r := &request{method: http.MethodPost, path: path, form: form, once: true, retryUnprocessed: true}
	if err := s.c.do(ctx, r, &env); err != nil {
		return nil, err
	}
	out := &WebReportExport{NodeID: int64(env.NodeID), WorkID: int64(env.WorkID), Destinations: env.DestinationData}
	if len(out.Destinations) == 0 {
		out.Destinations = env.Data
	}
	return out, nil
}
