package xecm

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DocumentWorkflow is a workflow map offered for starting on documents.
type DocumentWorkflow struct {
	MapID int64
	Name  string
	// WorkflowType is the server's workflow type of the map (such as 100).
	WorkflowType int
}

// DocumentWorkflows lists the workflow maps the current user may start on
// the given documents, as OpenText's UI offers them ("Initiate document
// workflow"); parentID is the container the documents were chosen in, or
// -1 for none. Which maps are offered depends on the server's document
// workflow configuration. Start one with Start or, when its start step is
// disabled, StartDirect.
//
// The server answers 400 "Error getting node from ID" (matching
// ErrNotFound) for a document that does not exist or that the user may
// not see; a failure it reports in the answer's statusMsg is returned as
// an *APIError with that message.
//
// OpenText API: GET api/v2/docworkflows (not in the vendor specs; OpenText's
// pyxecm and Smart UI call it)
func (s *WorkflowsService) DocumentWorkflows(ctx context.Context, parentID int64, documentIDs ...int64) (_ []DocumentWorkflow, err error) {
	const op = "Workflows.DocumentWorkflows"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if len(documentIDs) == 0 {
		return nil, invalidArg(op, "at least one document ID is required")
	}
	if err := checkDocIDs(op, documentIDs); err != nil {
		return nil, err
	}
	if parentID != -1 {
		if err := checkID(op, "parent ID (or -1)", parentID); err != nil {
			return nil, err
		}
	}
	q := url.Values{"parent_id": {strconv.FormatInt(parentID, 10)}}
	for _, id := range documentIDs {
		q.Add("doc_id", strconv.FormatInt(id, 10))
	}
	const path = "v2/docworkflows"
	var env struct {
		Results struct {
			Data []struct {
				DataID       flexInt64 `json:"DataID"`
				Name         string    `json:"Name"`
				WorkflowType flexInt64 `json:"WorkflowType"`
			} `json:"data"`
			FError    string `json:"fError"`
			StatusMsg string `json:"statusMsg"`
		} `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	r := env.Results
	if msg := strings.TrimSpace(r.StatusMsg + " " + r.FError); msg != "" {
		return nil, &APIError{StatusCode: http.StatusOK, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/" + path, Message: msg}
	}
	out := make([]DocumentWorkflow, 0, len(r.Data))
	for _, d := range r.Data {
		if d.DataID == 0 {
			return nil, malformed(http.MethodGet, path, "a workflow without DataID in the response")
		}
		out = append(out, DocumentWorkflow{MapID: int64(d.DataID), Name: d.Name, WorkflowType: int(d.WorkflowType)})
	}
	return out, nil
}

// StartDirect starts a workflow map whose start step is disabled in one
// call, with the documents attached: there is no start form to fill, so
// no title, due date or values (use Start for a map with a start step).
//
// The server answers 400 for a map whose start step is enabled ("This
// REST API only initiates workflows with a disabled start step"), and 400
// "Error getting node from ID" (matching ErrNotFound) for a map or
// document that does not exist or that the user may not see. An error
// matching ErrOutcomeUnknown means the workflow may be running although no
// answer said so: look for it (StatusList with WorkflowsInitiated) before
// starting it again.
//
// OpenText API: POST api/v2/draftprocesses/startwf
func (s *WorkflowsService) StartDirect(ctx context.Context, mapID int64, documentIDs ...int64) (_ *WorkflowStart, err error) {
	const op = "Workflows.StartDirect"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "map ID", mapID); err != nil {
		return nil, err
	}
	if err := checkDocIDs(op, documentIDs); err != nil {
		return nil, err
	}
	form := url.Values{"workflow_id": {strconv.FormatInt(mapID, 10)}}
	if len(documentIDs) > 0 {
		form.Set("doc_ids", joinDocIDs(documentIDs))
	}
	const path = "v2/draftprocesses/startwf"
	var started processStarted
	if err := s.sendOnce(ctx, &request{method: http.MethodPost, path: path, form: form}, &started); err != nil {
		return nil, err
	}
	if started.Results.ProcessID == 0 {
		return nil, fmt.Errorf("xecm: %s: %w: %w", op, ErrOutcomeUnknown, malformed(http.MethodPost, path, "no process_id in the response"))
	}
	return &WorkflowStart{ProcessID: int64(started.Results.ProcessID), Message: started.Results.Message}, nil
}
