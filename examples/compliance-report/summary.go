package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/xecm-go/xecm"
)

// summary is what the dashboard shows first.
type summary struct {
	WorkspaceID int64              `json:"workspace_id"`
	Items       int                `json:"items"`
	Events      map[string]int     `json:"events"`    // audit event name -> count
	Records     map[string]int     `json:"records"`   // "classification, status, RSI" -> items
	OnHold      map[int64][]string `json:"on_hold"`   // item -> hold names
	Approvals   map[int64][]string `json:"approvals"` // document -> workflow history
	Names       map[int64]string   `json:"names"`     // names of the items above
}

// row is what the summary reads of an exported JSON Lines row.
type row struct {
	Kind         string `json:"kind"`
	NodeID       int64  `json:"node_id"`
	EventType    int    `json:"event_type"`
	EventName    string `json:"event_name"`
	Time         string `json:"time"`
	ClassName    string `json:"class_name"`
	RecordStatus string `json:"record_status"`
	RSI          string `json:"rsi"`
	HoldName     string `json:"hold_name"`
}

// summarize reads the export back, the way a dashboard would. names maps
// the audit event names beyond the vendor's (the workflow steps).
func summarize(ctx context.Context, c *xecm.Client, wsID int64, path string, names xecm.AuditEventTypes) (*summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sum := &summary{WorkspaceID: wsID, Events: map[string]int{}, Records: map[string]int{},
		OnHold: map[int64][]string{}, Approvals: map[int64][]string{}, Names: map[int64]string{}}
	items := map[int64]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		items[r.NodeID] = true
		switch r.Kind {
		case "audit":
			sum.Events[r.EventName]++
			// The event model names the workflow entries of a document (a
			// real server's names for them are not public: see names).
			switch t := names.EventType(r.EventName, r.EventType, xecm.TypeDocument); t {
			case xecm.EventWorkflowInitiated, xecm.EventDocumentApproved, xecm.EventDocumentRejected:
				sum.Approvals[r.NodeID] = append(sum.Approvals[r.NodeID], fmt.Sprintf("%s %s", t, r.Time))
			}
		case "record":
			sum.Records[fmt.Sprintf("%s, %s, %s", r.ClassName, cmp.Or(r.RecordStatus, "no status"), cmp.Or(r.RSI, "no RSI"))]++
		case "hold":
			sum.OnHold[r.NodeID] = append(sum.OnHold[r.NodeID], r.HoldName)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	sum.Items = len(items)
	for id := range items {
		if len(sum.OnHold[id]) == 0 && len(sum.Approvals[id]) == 0 {
			continue
		}
		n, err := c.Nodes.Get(ctx, id, nil)
		if err != nil {
			return nil, err
		}
		sum.Names[id] = n.Name
	}
	return sum, nil
}

func counts(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return cmp.Or(strings.Join(parts, "; "), "none")
}
