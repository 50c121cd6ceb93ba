package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The server answers a page past the end with the last page's results;
// they are not the items of the page asked for.
func TestSearchQueryPastTheLastPageIsEmpty(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("POST", api("v2/search"), jsonResp(200, `{"collection":{"paging":{"limit":2,"page":5,"page_total":2,"total_count":3}},
	  "results":[{"data":{"properties":{"id":3,"name":"c"}}}]}`))
	p, err := c.Search.Query(t.Context(), xecm.SearchQuery{Where: "x", ListOptions: xecm.ListOptions{Page: 5, Limit: 2}})
	require.NoError(t, err)
	assert.Empty(t, p.Items)
	assert.Equal(t, 5, p.Page)
	assert.Equal(t, 2, p.PageTotal)
	assert.Equal(t, 3, p.TotalCount)

	n := 0
	for _, err := range c.Search.QueryIter(t.Context(), xecm.SearchQuery{Where: "x", ListOptions: xecm.ListOptions{Page: 5, Limit: 2}}) {
		require.NoError(t, err)
		n++
	}
	assert.Zero(t, n, "an iterator started past the end yields nothing")
}

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

// LocationID scopes the search by ANDing a clause to Where: a Where that
// closes the SDK's parenthesis (or opens a phrase the clause would end
// up in) would take its OR branches outside the location.
func TestSearchRefusesAWhereThatWouldEscapeTheLocation(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	for _, where := range []string{
		`x) OR (OTName:secret`,
		`(x`,
		`x OR "y`,
		`OTName:"a\"`,
		`x\`,
		`x \) OR \(y`,
	} {
		_, err := c.Search.Query(t.Context(), xecm.SearchQuery{Where: where, LocationID: 2000})
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, where)
		assert.ErrorContains(t, err, "Where", where)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "refused before any request")

	var rec recorder
	mt.RegisterResponder("POST", api("v2/search"), rec.answer(t, 200, `{"results":[]}`))
	for where, sent := range map[string]string{
		`OTName:"a (b" OR (c AND d)`:   `(OTName:"a (b" OR (c AND d)) AND (OTLocation:"2000")`,
		xecm.LQLField("OTName", `q"\`): `(OTName:"q\"\\") AND (OTLocation:"2000")`,
	} {
		_, err := c.Search.Query(t.Context(), xecm.SearchQuery{Where: where, LocationID: 2000})
		require.NoError(t, err, where)
		assert.Equal(t, sent, rec.last(t).Form.Get("where"))
	}
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

// Content Server reads a * at the start or end of a quoted phrase as a
// wildcard (LQL conventions), so a value of "*" would match every name:
// LQLField escapes it like the quote and the backslash.
func TestLQLFieldEscapesTheWildcard(t *testing.T) {
	assert.Equal(t, `OTName:"\*"`, xecm.LQLField("OTName", "*"))
	assert.Equal(t, `OTName:"\*report 2\* \"x\" \\"`, xecm.LQLField("OTName", `*report 2* "x" \`))
}
