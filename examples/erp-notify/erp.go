package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/webhook"
)

// erpMux maps the events the ERP cares about to its endpoints, with the
// details read from Extended ECM through c.
func erpMux(c *xecm.Client, erp string) *webhook.Mux {
	hc := &http.Client{Timeout: 10 * time.Second}
	post := func(ctx context.Context, ev xecm.Event, path string, body map[string]any) error {
		body["event"], body["event_time"], body["name"], body["user_id"] = ev.Type, ev.Time, ev.Data.Name, ev.Data.UserID
		if ev.Data.WorkspaceID != 0 {
			body["workspace_id"] = ev.Data.WorkspaceID
		}
		return exampleenv.PostJSON(ctx, hc, strings.TrimRight(erp, "/")+path, ev.ID, body, nil)
	}
	doc := func(ev xecm.Event, what string) string {
		return fmt.Sprintf("/erp/documents/%d/%s", ev.Data.NodeID, what)
	}
	m := webhook.NewMux()
	m.Handle(xecm.EventWorkspaceCreated, func(ctx context.Context, ev xecm.Event) error {
		return post(ctx, ev, fmt.Sprintf("/erp/workspaces/%d", ev.Data.NodeID), map[string]any{})
	})
	status := func(s string) xecm.EventFunc {
		return func(ctx context.Context, ev xecm.Event) error {
			return post(ctx, ev, doc(ev, "status"), map[string]any{"status": s})
		}
	}
	m.Handle(xecm.EventDocumentApproved, status("approved"))
	m.Handle(xecm.EventDocumentRejected, status("rejected"))
	m.Handle(xecm.EventVersionAdded, func(ctx context.Context, ev xecm.Event) error {
		// The event names its version; the latest is only a fallback for a
		// source that could not tell (a version deleted since, for one).
		var v *xecm.DocumentVersion
		var err error
		if ev.Data.Version > 0 {
			v, err = c.Documents.Versions().Get(ctx, ev.Data.NodeID, ev.Data.Version)
			if errors.Is(err, xecm.ErrNotFound) {
				// Deleted since: retrying would never succeed.
				// The number, not the name ("1.3") the ERP gets otherwise: the
				// version is gone, and with it its name.
				return post(ctx, ev, doc(ev, "versions"), map[string]any{"version_number": ev.Data.Version, "deleted": true})
			}
		} else {
			v, err = c.Documents.Versions().Latest(ctx, ev.Data.NodeID)
		}
		if err != nil {
			return err // answered 500: the event comes again
		}
		body := map[string]any{"version": v.NumberName, "file_name": v.FileName}
		if v.FileSize >= 0 {
			body["size"] = v.FileSize // -1: the server did not say
		}
		return post(ctx, ev, doc(ev, "versions"), body)
	})
	retention := func(ctx context.Context, ev xecm.Event) error {
		body := map[string]any{}
		rec, err := c.Records.Get(ctx, ev.Data.NodeID)
		if err != nil {
			return err
		}
		if p, ok := rec.Primary(); ok {
			body["classification"], body["file_number"], body["rsi"] = p.Name, p.FileNumber, p.RSI
		}
		holds, err := c.Records.NodeHolds(ctx, ev.Data.NodeID)
		if err != nil {
			return err
		}
		body["on_hold"] = len(holds) > 0
		return post(ctx, ev, doc(ev, "retention"), body)
	}
	m.Handle(xecm.EventRetentionChanged, retention)
	m.Handle(xecm.EventHoldApplied, retention)
	m.Handle(xecm.EventHoldRemoved, retention)
	return m
}
