package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/xecmtest"
)

func readSummary(t *testing.T, dir string) summary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	var s summary
	require.NoError(t, json.Unmarshal(b, &s))
	return s
}

func jsonLines(t *testing.T, dir string) []row {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "audit.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r row
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), sc.Text())
		rows = append(rows, r)
	}
	return rows
}

func TestComplianceReportDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report")
	var out bytes.Buffer
	cfg := Config{OutDir: dir}
	demo(&cfg)
	require.NoError(t, run(t.Context(), cfg, &out))
	assert.Contains(t, out.String(), `1. Reporting on "ACME Corp" (node `)
	assert.Contains(t, out.String(), "found by its business object SFDC")

	rows := jsonLines(t, dir)
	f, err := os.Open(filepath.Join(dir, "audit.csv"))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, xecm.ExportCSVHeader(), recs[0])
	assert.Len(t, recs, len(rows)+1, "the same rows in both files")

	s := readSummary(t, dir)
	assert.Equal(t, map[string]int{"Contracts, ACTIVE, CON-7Y": 3}, s.Records)
	require.Len(t, s.OnHold, 1)
	for id, holds := range s.OnHold {
		assert.Equal(t, "NDA.pdf", s.Names[id])
		assert.Equal(t, []string{"Litigation 2025"}, holds)
	}
	require.Len(t, s.Approvals, 2)
	for id, history := range s.Approvals {
		switch s.Names[id] {
		case "MSA.pdf":
			require.Len(t, history, 2)
			assert.True(t, strings.HasPrefix(history[0], "workflow.initiated"), history)
			assert.True(t, strings.HasPrefix(history[1], "document.approved"), history)
		case "SOW 1.pdf":
			require.Len(t, history, 1)
			assert.True(t, strings.HasPrefix(history[0], "workflow.initiated"), history)
		default:
			t.Errorf("approval history of %q", s.Names[id])
		}
	}
	assert.Equal(t, 1, s.Events["Workflow Approved"])
	assert.Contains(t, out.String(), `"NDA.pdf": Litigation 2025`)
}

// TestComplianceReportMatchesTheServer reports on a workspace seeded in a
// simulator of the test's own, as on a real server, and checks the files
// against the simulator's state.
func TestComplianceReportMatchesTheServer(t *testing.T) {
	sim := simcheck.Start(t)
	cfg := exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	ws := sim.AddWorkspace(xecmtest.TemplateSupplier, "Globex Supplies", &xecmtest.BusinessObject{ExtSystemID: "SAP", BOType: "LFA1", BOID: "300042"})
	env, err := exampleenv.Connect(t.Context(), cfg, io.Discard)
	require.NoError(t, err)
	quality, err := env.Client.Nodes.ChildByName(t.Context(), ws, "Quality")
	require.NoError(t, err)
	doc := sim.AddEmptyDocument(quality.ID, "ISO 9001 certificate.pdf")
	require.NoError(t, env.Client.Records.ApplyHold(t.Context(), quality.ID, xecmtest.HoldTaxAudit))
	require.NoError(t, env.Client.Records.Apply(t.Context(), doc, xecmtest.RMClassCorporate, nil))

	dir := t.TempDir()
	var out bytes.Buffer
	bo := xecm.BusinessObject{ExtSystemID: "SAP", BOType: "LFA1", BOID: "300042"}
	require.NoError(t, run(t.Context(), Config{Config: cfg, BusinessObject: bo, OutDir: dir}, &out))
	assert.Contains(t, out.String(), fmt.Sprintf(`1. Reporting on "Globex Supplies" (node %d), found by its business object %s`, ws, bo))

	// Every audit entry of every item of the workspace, and nothing else.
	want := map[int64]int{ws: len(sim.AuditTrail(ws))}
	var walk func(id int64)
	walk = func(id int64) {
		for _, n := range sim.Children(id) {
			want[n.ID] = len(sim.AuditTrail(n.ID))
			walk(n.ID)
		}
	}
	walk(ws)
	got := map[int64]int{}
	holds := map[int64][]string{}
	for _, r := range jsonLines(t, dir) {
		switch r.Kind {
		case "audit":
			got[r.NodeID]++
		case "hold":
			holds[r.NodeID] = append(holds[r.NodeID], r.HoldName)
		}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, map[int64][]string{quality.ID: {"Tax Audit"}, doc: {"Tax Audit"}}, holds, "applied to the folder, inherited by the document")
	s := readSummary(t, dir)
	assert.Equal(t, len(want), s.Items)
	assert.Equal(t, map[string]int{"Corporate Records, ACTIVE, no RSI": 1}, s.Records)
	assert.Empty(t, s.Approvals)
	assert.Equal(t, "ISO 9001 certificate.pdf", s.Names[doc])
}

// The workspace is found by its path or its ID too, and what is not found
// is named.
func TestComplianceReportFindsTheWorkspace(t *testing.T) {
	sim := simcheck.Start(t)
	cfg := exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	suppliers := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Suppliers")
	ws := sim.AddWorkspace(xecmtest.TemplateSupplier, "Globex Supplies", &xecmtest.BusinessObject{ExtSystemID: "SAP", BOType: "LFA1", BOID: "300042"})
	env, err := exampleenv.Connect(t.Context(), cfg, io.Discard)
	require.NoError(t, err)
	require.NoError(t, env.Client.Nodes.Move(t.Context(), ws, suppliers))

	var out bytes.Buffer
	require.NoError(t, run(t.Context(), Config{Config: cfg, Path: "Suppliers/Globex Supplies", OutDir: t.TempDir()}, &out))
	assert.Contains(t, out.String(), fmt.Sprintf(`1. Reporting on "Globex Supplies" (node %d), found by its path "Suppliers/Globex Supplies"`, ws))
	out.Reset()
	require.NoError(t, run(t.Context(), Config{Config: cfg, WorkspaceID: ws, OutDir: t.TempDir()}, &out))
	assert.Contains(t, out.String(), fmt.Sprintf(`1. Reporting on "Globex Supplies" (node %d), found by its node ID`, ws))

	for name, c := range map[string]struct {
		cfg  Config
		want string
	}{
		"business object": {Config{BusinessObject: xecm.BusinessObject{ExtSystemID: "SAP", BOType: "LFA1", BOID: "399999"}}, "SAP/LFA1/399999"},
		"path":            {Config{Path: "Suppliers/Initech"}, `"Initech"`},
		"none":            {Config{}, "-bo-id"},
	} {
		t.Run(name, func(t *testing.T) {
			c.cfg.Config, c.cfg.OutDir = cfg, t.TempDir()
			err := run(t.Context(), c.cfg, io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}
