package xecm_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// exportedNodes returns the node IDs of the audit rows of a JSON Lines export.
func exportedNodes(t *testing.T, buf *bytes.Buffer) map[int64]bool {
	t.Helper()
	out := map[int64]bool{}
	sc := bufio.NewScanner(buf)
	for sc.Scan() {
		var row struct {
			NodeID int64 `json:"node_id"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &row))
		out[row.NodeID] = true
	}
	require.NoError(t, sc.Err())
	return out
}

// A node named in NodeIDs that is also the subtree root, or inside the
// subtree, is exported once, and the nodes below it are still walked.
func TestAuditExportNodeIDsInsideTheSubtree(t *testing.T) {
	c, srv := newSimClient(t)
	root := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Root")
	a := srv.AddFolder(root, "A")
	a1 := srv.AddFolder(a, "A1")
	b := srv.AddFolder(root, "B")
	all := map[int64]bool{root: true, a: true, a1: true, b: true}

	for name, ids := range map[string][]int64{"the root": {root}, "a branch": {a}, "both": {a, root}} {
		var buf bytes.Buffer
		st, err := c.Audit.Export(t.Context(), &buf, xecm.AuditExportOptions{NodeIDs: ids, SubtreeOf: root})
		require.NoError(t, err, name)
		assert.Equal(t, 4, st.Nodes, name)
		assert.Equal(t, 4, st.AuditRows, "%s: one Create each, none twice", name)
		assert.Equal(t, all, exportedNodes(t, &buf), name)
	}
}
