package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/xecm-go/xecm"
)

// mapping says which CRM field feeds which workspace attribute.
var mapping = xecm.RecordMapping{"Name": "Customer Name", "BillingCountry": "Country", "Industry": "Industry"}

// accountRecords returns the changed account records to apply: the one in
// -record (a JSON object, as the CRM's outbound message sends it), or in
// the demo the record as the CRM first sends it, then after a change of
// industry.
func accountRecords(cfg Config, demo bool) ([]map[string]any, error) {
	switch {
	case cfg.RecordFile != "":
		b, err := os.ReadFile(cfg.RecordFile)
		if err != nil {
			return nil, err
		}
		var rec map[string]any
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("%s: %w", cfg.RecordFile, err)
		}
		return []map[string]any{rec}, nil
	case demo:
		return []map[string]any{
			{"Id": cfg.AccountID, "Name": "ACME Corp", "BillingCountry": "US", "Industry": "Aerospace"},
			{"Id": cfg.AccountID, "Name": "ACME Corp", "BillingCountry": "US", "Industry": "Defense"},
		}, nil
	}
	return nil, nil
}

// syncAccount ensures the account's workspace (created from the template
// when the account has none yet) and applies the records to it in order.
func syncAccount(ctx context.Context, c *xecm.Client, cfg Config, records []map[string]any, say func(string, ...any)) (*xecm.Workspace, error) {
	bo := xecm.BusinessObject{ExtSystemID: cfg.ExtSystemID, BOType: cfg.BOType, BOID: cfg.AccountID}
	name := ""
	if len(records) > 0 {
		name, _ = records[0]["Name"].(string)
	}
	ws, _, err := c.Workspaces.Ensure(ctx, xecm.WorkspaceCreateRequest{TemplateID: cfg.TemplateID, Name: name, BusinessObject: &bo})
	if err != nil {
		return nil, fmt.Errorf("the workspace of %s: %w", bo, err)
	}
	say("Account %s has workspace %q (node %d)", bo, ws.Name, ws.ID)
	for _, rec := range records {
		applied, err := applyRecord(ctx, c, ws.ID, rec)
		if err != nil {
			return nil, err
		}
		say("Account record applied: %s", applied)
	}
	return ws, nil
}

// applyRecord brings the workspace's attributes in line with the record,
// writing only those that differ, and describes what it wrote.
func applyRecord(ctx context.Context, c *xecm.Client, wsID int64, rec map[string]any) (string, error) {
	res, err := c.Workspaces.UpdateFromRecord(ctx, wsID, rec, mapping)
	if err != nil {
		return "", fmt.Errorf("applying the account record: %w", err)
	}
	written := make([]string, 0, len(res.Fields))
	for _, f := range res.Fields {
		written = append(written, fmt.Sprintf("%s=%v", mapping[f], rec[f]))
	}
	return fmt.Sprintf("%d attribute(s) written [%s], %d already up to date", len(written), strings.Join(written, ", "), res.Unchanged), nil
}
