package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

func TestSearchQueryPastTheLastPageAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	f := sim.AddFolder(2000, "Reports")
	for _, name := range []string{"Report 1", "Report 2", "Report 3"} {
		sim.AddEmptyDocument(f, name)
	}
	q := xecm.SearchQuery{Where: xecm.LQLField("OTName", "report"), LocationID: f, ListOptions: xecm.ListOptions{Page: 3, Limit: 2}}
	p, err := c.Search.Query(t.Context(), q)
	require.NoError(t, err)
	assert.Empty(t, p.Items, "page 3 of 2")
	q.Page = 2
	p, err = c.Search.Query(t.Context(), q)
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, "Report 3", p.Items[0].Name)
}

// The sort is a region with asc_ or desc_ (the spec: "ascending is
// default if not specified"), for every region the simulator sorts by.
func TestSearchSortsBySizeBothWaysAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	f, err := c.Nodes.CreateFolder(ctx, 2000, "Sized", nil)
	require.NoError(t, err)
	for name, content := range map[string]string{"mid.txt": "12345", "big.txt": "1234567890", "small.txt": "1"} {
		_, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: f.ID, Name: name, Content: strings.NewReader(content)})
		require.NoError(t, err)
	}
	names := func(sort string) []string {
		p, err := c.Search.Query(ctx, xecm.SearchQuery{Where: "OTSubType:144", LocationID: f.ID, Sort: sort})
		require.NoError(t, err, sort)
		var out []string
		for _, r := range p.Items {
			out = append(out, r.Name)
		}
		return out
	}
	assert.Equal(t, []string{"small.txt", "mid.txt", "big.txt"}, names("asc_OTObjectSize"))
	assert.Equal(t, []string{"small.txt", "mid.txt", "big.txt"}, names("OTObjectSize"))
	assert.Equal(t, []string{"big.txt", "mid.txt", "small.txt"}, names("desc_OTObjectSize"))
	assert.Equal(t, []string{"big.txt", "mid.txt", "small.txt"}, names("OTName"))
}

func TestSearchAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	contracts := sim.AddFolder(2000, "Contracts")
	for _, name := range []string{"Supply contract ACME.pdf", "Service contract Globex.pdf", "Contract draft.docx", "Invoice 42.pdf"} {
		sim.AddEmptyDocument(contracts, name)
	}
	other := sim.AddFolder(2000, "Other")
	sim.AddEmptyDocument(other, "Old contract.pdf")
	ws, err := c.Workspaces.Create(ctx, customerRequest("S-1"))
	require.NoError(t, err)
	_, err = c.Workspaces.UpdateFromRecord(ctx, ws.ID, map[string]any{"c": "Liechtenstein"}, xecm.RecordMapping{"c": "Country"})
	require.NoError(t, err)

	names := func(q xecm.SearchQuery) []string {
		t.Helper()
		var out []string
		for r, err := range c.Search.QueryIter(ctx, q) {
			require.NoError(t, err)
			out = append(out, r.Name)
		}
		return out
	}
	assert.Equal(t, []string{"Supply contract ACME.pdf", "Service contract Globex.pdf", "Contract draft.docx", "Old contract.pdf"},
		names(xecm.SearchQuery{Where: xecm.LQLAnd(xecm.LQLField("OTName", "contract"), "OTSubType:144"), ListOptions: xecm.ListOptions{Limit: 3}}),
		"the iterator stops on the short page although the server answers pages past the end")
	assert.Equal(t, []string{"Supply contract ACME.pdf", "Service contract Globex.pdf", "Contract draft.docx"},
		names(xecm.SearchQuery{Where: xecm.LQLField("OTName", "contract"), LocationID: contracts}))
	assert.Equal(t, []string{"Contracts", "Supply contract ACME.pdf", "Service contract Globex.pdf", "Contract draft.docx", "Old contract.pdf"},
		names(xecm.SearchQuery{Where: "contract", LocationID: 2000}), "a location scopes to its whole subtree")
	assert.Equal(t, []string{"Contract draft.docx"},
		names(xecm.SearchQuery{Where: xecm.LQLAnd("contract", "NOT OTName:pdf"), LocationID: contracts}))
	assert.Equal(t, []string{"Contracts", "Other"},
		names(xecm.SearchQuery{Where: xecm.LQLAnd("OTSubType:0", xecm.LQLOr("OTName:contracts", "OTName:other")), LocationID: 2000}))
	assert.Equal(t, []string{ws.Name}, names(xecm.SearchQuery{Where: "liechtenstein"}), "category values are searched")
	assert.Equal(t, []string{"Invoice 42.pdf", "Invoices"}, names(xecm.SearchQuery{Where: "inv", Modifier: xecm.ModifierWordBeginsWith, LookFor: xecm.LookForAllWords}))
	assert.Empty(t, names(xecm.SearchQuery{Where: "contract", Within: xecm.WithinContent}), "the simulator indexes no content")

	p, err := c.Search.Query(ctx, xecm.SearchQuery{Where: "contract OTSubType:144", Sort: "asc_OTName", ListOptions: xecm.ListOptions{Limit: 2}})
	require.NoError(t, err)
	assert.Equal(t, 4, p.TotalCount)
	assert.Equal(t, "Contract draft.docx", p.Items[0].Name)
	assert.Equal(t, "Enterprise Workspace:Contracts", p.Items[0].Region("OTLocation"))

	// A user sees only what they may see.
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	hits, err := jdoe.Search.Query(ctx, xecm.SearchQuery{Where: "liechtenstein"})
	require.NoError(t, err)
	assert.Empty(t, hits.Items)

	_, err = c.Search.Query(ctx, xecm.SearchQuery{Where: "(unbalanced"})
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
}
