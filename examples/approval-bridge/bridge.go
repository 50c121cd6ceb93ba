package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/webhook"
)

// newBridge returns the bridge's routes: the callback receiver and the
// review request endpoint.
func newBridge(c *xecm.Client, cfg Config, out io.Writer) (http.Handler, error) {
	v, err := webhook.NewVerifier(cfg.Secrets)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	mux := webhook.NewMux()
	mux.Handle(xecm.EventDocumentApproved, func(ctx context.Context, ev xecm.Event) error {
		if cfg.FolderID != 0 && ev.Data.ParentID != cfg.FolderID {
			return nil // approved, but not an invoice
		}
		fmt.Fprintf(out, "   final approval of %q (node %d) by user %d: starting invoice processing\n", ev.Data.Name, ev.Data.NodeID, ev.Data.UserID)
		// A failure answers 500: the sender delivers the event again.
		return exampleenv.PostJSON(ctx, hc, cfg.InvoiceURL, ev.ID, map[string]any{"document_id": ev.Data.NodeID,
			"document": ev.Data.Name, "approved_by": ev.Data.UserID, "approved_at": ev.Time,
			"content_url": fmt.Sprintf("%s/api/v2/nodes/%d/content", c.BaseURL(), ev.Data.NodeID)}, nil)
	})
	callbacks, err := webhook.NewHandler(v, mux.HandleEvent)
	if err != nil {
		return nil, err
	}
	routes := http.NewServeMux()
	routes.Handle("POST /webhooks/xecm", callbacks)
	routes.Handle("POST /reviews", &reviews{c: c, mapID: cfg.MapID, out: out})
	return routes, nil
}

// reviews starts review workflows for external apps.
type reviews struct {
	c     *xecm.Client
	mapID int64
	out   io.Writer
}

// reviewRequest is the body of POST /reviews.
type reviewRequest struct {
	DocumentID int64  `json:"document_id"`
	Title      string `json:"title"`
	Comment    string `json:"comment"`
}

func (h *reviews) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req reviewRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		http.Error(w, "body: not a review request: "+err.Error(), http.StatusBadRequest)
		return
	}
	switch {
	case req.DocumentID <= 0:
		http.Error(w, "document_id: required, a node ID", http.StatusBadRequest)
		return
	case utf8.RuneCountInString(req.Title) > xecm.MaxNameLength:
		http.Error(w, fmt.Sprintf("title: at most %d characters", xecm.MaxNameLength), http.StatusBadRequest)
		return
	}
	st, err := h.c.Workflows.Start(r.Context(), xecm.WorkflowStartRequest{MapID: h.mapID, DocumentIDs: []int64{req.DocumentID},
		Title: req.Title, Comment: req.Comment})
	switch {
	case errors.Is(err, xecm.ErrOutcomeUnknown):
		// First: it may wrap what a later attempt answered (such as not
		// found), and asking again could start a second workflow.
		fmt.Fprintf(h.out, "   the review of %d may have started, its answer was lost: %v\n", req.DocumentID, err)
		http.Error(w, "the review may have started (its answer was lost): look for a workflow on the document before asking again", http.StatusGatewayTimeout)
		return
	case errors.Is(err, xecm.ErrNotFound):
		http.Error(w, "document_id: no such document", http.StatusNotFound)
		return
	case errors.Is(err, xecm.ErrInvalidArgument):
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	case err != nil:
		fmt.Fprintf(h.out, "   starting a review of %d failed: %v\n", req.DocumentID, err)
		http.Error(w, "the review could not be started", http.StatusBadGateway)
		return
	}
	fmt.Fprintf(h.out, "   review of node %d requested: workflow %d\n", req.DocumentID, st.ProcessID)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{"process_id": st.ProcessID})
}
