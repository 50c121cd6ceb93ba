package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xecm-go/xecm/internal/envelope"
)

// A draft process is a workflow created from a map, with its documents
// attached, that has not started: its start form can be read (DraftForm)
// and filled (UpdateDraft) before it is initiated (InitiateDraft). Start
// does all of it in one call.

// checkDocIDs validates the documents to attach.
func checkDocIDs(op string, ids []int64) error {
	for _, id := range ids {
		if err := checkID(op, "DocumentIDs element", id); err != nil {
			return err
		}
	}
	return nil
}

// joinDocIDs writes document IDs as "doc_ids" takes them: comma-separated.
func joinDocIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// startValues copies start form values, refusing keys that are no form
// field IDs.
func startValues(op string, in map[string]any) (map[string]any, error) {
	values := make(map[string]any, len(in)+2)
	for k, v := range in {
		if !strings.HasPrefix(k, "WorkflowForm") {
			return nil, invalidArg(op, "Values key %q is not a form field ID (WorkflowForm_...)", k)
		}
		values[k] = v
	}
	return values, nil
}

// formatDueDate is the start form's due date format.
func formatDueDate(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000") }

// CreateDraft creates a draft process of a workflow map with the
// documents attached, and returns its ID. The server answers 400 "Could
// not Loadmap" for a node that is no workflow map, and 400 "Error getting
// node from ID" (matching ErrNotFound) for a map or document that does
// not exist or that the user may not see.
//
// OpenText API: POST api/v2/draftprocesses
func (s *WorkflowsService) CreateDraft(ctx context.Context, mapID int64, documentIDs ...int64) (_ int64, err error) {
	const op = "Workflows.CreateDraft"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "map ID", mapID); err != nil {
		return 0, err
	}
	if err := checkDocIDs(op, documentIDs); err != nil {
		return 0, err
	}
	return s.createDraft(ctx, mapID, documentIDs)
}

func (s *WorkflowsService) createDraft(ctx context.Context, mapID int64, documentIDs []int64) (int64, error) {
	form := url.Values{"workflow_id": {strconv.FormatInt(mapID, 10)}}
	if len(documentIDs) > 0 {
		form.Set("doc_ids", joinDocIDs(documentIDs))
		form.Set("AttachDocuments", "TRUE")
	}
	var draft struct {
		Results struct {
			envelope.Single
			DraftID flexInt64 `json:"draftprocess_id"`
		} `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v2/draftprocesses", form: form}, &draft); err != nil {
		return 0, err
	}
	if draft.Results.DraftID == 0 {
		return 0, malformed(http.MethodPost, "v2/draftprocesses", "no draftprocess_id in the response")
	}
	return int64(draft.Results.DraftID), nil
}

// DraftForm is the start form of a draft process.
type DraftForm struct {
	DraftID int64
	// Title is the workflow map's title; Instructions its start step's.
	Title        string
	Instructions string
	// Actions are what the start step offers, such as "Initiate"
	// (labelled "Start"): InitiateDraft sends it.
	Actions []TaskFormAction
	// CommentsEnabled reports whether the start takes a comment.
	CommentsEnabled bool
	// AttachmentsEnabled reports whether the workflow shows attachments;
	// AttachmentsFolderID is their folder, when the server names it.
	AttachmentsEnabled  bool
	AttachmentsFolderID int64
	// WorkflowType is the server's "type_subtype" of the workflow's
	// attachment data, such as "1_1", when it has one.
	WorkflowType string
	// AuthenticationRequired: the start asks for the user's password,
	// which InitiateDraft does not send.
	AuthenticationRequired bool
	// Values are the current values of the start form's fields, keyed by
	// field ID (WorkflowForm_Title, WorkflowForm_WorkflowDueDate, and the
	// map's attributes as WorkflowForm_{n}); UpdateDraft changes them.
	Values map[string]any
}

// DraftForm reads the start form of a draft process the current user
// created: what it offers, and the values set so far. For a draft that
// does not exist or is not the user's, the server answers 500 "Could not
// get a draft workflow for ...", which matches ErrNotFound.
//
// OpenText API: GET api/v1/forms/draftprocesses
func (s *WorkflowsService) DraftForm(ctx context.Context, draftID int64) (_ *DraftForm, err error) {
	const op = "Workflows.DraftForm"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "draft process ID", draftID); err != nil {
		return nil, err
	}
	const path = "v1/forms/draftprocesses"
	var env struct {
		Data *struct {
			taskFormData
			WorkflowType string `json:"workflow_type"`
		} `json:"data"`
		Forms []struct {
			Data map[string]any `json:"data"`
		} `json:"forms"`
	}
	q := url.Values{"draftprocess_id": {strconv.FormatInt(draftID, 10)}}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, malformed(http.MethodGet, path, "no data in the response")
	}
	tf, err := env.Data.form(TaskRef{})
	if err != nil {
		return nil, malformed(http.MethodGet, path, err.Error())
	}
	f := &DraftForm{DraftID: draftID, Title: tf.Title, Instructions: tf.Instructions, Actions: tf.Actions,
		CommentsEnabled: tf.CommentsEnabled, AttachmentsEnabled: tf.AttachmentsEnabled, AttachmentsFolderID: tf.AttachmentsFolderID,
		WorkflowType: env.Data.WorkflowType, AuthenticationRequired: tf.AuthenticationRequired, Values: map[string]any{}}
	for _, form := range env.Forms {
		for k, v := range form.Data {
			f.Values[k] = v
		}
	}
	return f, nil
}

// UpdateDraft sets values of a draft process's start form, keyed by form
// field ID (WorkflowForm_Title, WorkflowForm_WorkflowDueDate,
// WorkflowForm_{n} for the map's attributes; see DraftForm); a
// time.Time value is sent in the form's date format. Fields not named
// keep their values. Setting the same values again is harmless, so the
// call is retried like any update.
//
// The server answers 400 "Could not GetNodeByID" for a draft that does
// not exist or is not the user's.
//
// OpenText API: PUT api/v2/draftprocesses/{id} (action=formUpdate)
func (s *WorkflowsService) UpdateDraft(ctx context.Context, draftID int64, values map[string]any) (err error) {
	const op = "Workflows.UpdateDraft"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "draft process ID", draftID); err != nil {
		return err
	}
	if len(values) == 0 {
		return invalidArg(op, "no values to set")
	}
	v, err := startValues(op, values)
	if err != nil {
		return err
	}
	for k, x := range v {
		if t, ok := x.(time.Time); ok {
			v[k] = formatDueDate(t)
		}
	}
	return s.updateDraft(ctx, draftID, v)
}

func (s *WorkflowsService) updateDraft(ctx context.Context, draftID int64, values map[string]any) error {
	b, err := json.Marshal(values)
	if err != nil {
		return invalidArg("Workflows.UpdateDraft", "values cannot be encoded: %v", err)
	}
	f := url.Values{"action": {"formUpdate"}, "values": {string(b)}}
	return s.c.do(ctx, &request{method: http.MethodPut, path: "v2/draftprocesses/" + strconv.FormatInt(draftID, 10), form: f}, nil)
}

// InitiateDraft starts the workflow of a draft process, with comment (if
// any) as the start's comment, and returns the running process. The
// draft is consumed: initiating it again fails.
//
// An error matching ErrOutcomeUnknown means the workflow may be running
// although no answer said so: look for it (StatusList with
// WorkflowsInitiated) before starting another.
//
// OpenText API: PUT api/v2/draftprocesses/{id} (action=Initiate)
func (s *WorkflowsService) InitiateDraft(ctx context.Context, draftID int64, comment string) (_ *WorkflowStart, err error) {
	const op = "Workflows.InitiateDraft"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "draft process ID", draftID); err != nil {
		return nil, err
	}
	out, err := s.initiateDraft(ctx, draftID, comment)
	if err != nil {
		return nil, fmt.Errorf("xecm: %s: %w", op, err)
	}
	return out, nil
}

// processStarted is the answer to starting a workflow (the spec's
// draftprocesses_DraftProcess_Put).
type processStarted struct {
	Results struct {
		envelope.Single
		ProcessID flexInt64 `json:"process_id"`
		Message   string    `json:"custom_message"`
	} `json:"results"`
}

// initiateDraft initiates a draft; its errors name the draft.
func (s *WorkflowsService) initiateDraft(ctx context.Context, draftID int64, comment string) (*WorkflowStart, error) {
	draftPath := "v2/draftprocesses/" + strconv.FormatInt(draftID, 10)
	f := url.Values{"action": {"Initiate"}}
	if comment != "" {
		f.Set("comment", comment)
	}
	var started processStarted
	if err := s.sendOnce(ctx, &request{method: http.MethodPut, path: draftPath, form: f}, &started); err != nil {
		return nil, fmt.Errorf("initiating draft process %d: %w", draftID, err)
	}
	res := started.Results
	out := &WorkflowStart{DraftID: draftID, ProcessID: int64(res.ProcessID), Message: res.Message}
	if out.ProcessID == 0 {
		// The server said yes without saying to what: the workflow runs.
		return nil, fmt.Errorf("initiating draft process %d: %w: %w", draftID, ErrOutcomeUnknown,
			malformed(http.MethodPut, draftPath, "no process_id in the response"))
	}
	return out, nil
}
