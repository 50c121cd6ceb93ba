package xecm_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestLQLBuilders(t *testing.T) {
	assert.Equal(t, `OTName:"annual \"2024\" report"`, xecm.LQLField("OTName", `annual "2024" report`))
	assert.Equal(t, `(a) AND (b OR c)`, xecm.LQLAnd("a", " ", "b OR c"))
	assert.Equal(t, `a`, xecm.LQLOr("a"))
}

func TestSearchQuerySendsTypedFormAndDecodesRegions(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("POST", api("v2/search"), rec.answer(t, 200, `{"collection":{"paging":{"limit":10,"page":1,"page_total":1,"total_count":1},"searching":{}},
	  "results":[{"data":{"properties":{"id":42,"name":"Contract.pdf","type":144},"regions":{"OTName":"Contract.pdf","OTObjectSize":1024}}}]}`))
	p, err := c.Search.Query(t.Context(), xecm.SearchQuery{
		ListOptions: xecm.ListOptions{Limit: 10},
		Where:       xecm.LQLField("OTName", "contract"), LookFor: xecm.LookForComplexQuery, Modifier: xecm.ModifierWordBeginsWith,
		Within: xecm.WithinMetadata, Sort: "desc_OTObjectDate", SliceID: 3, LocationID: 2000,
	})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, int64(42), p.Items[0].ID)
	assert.Equal(t, "Contract.pdf", p.Items[0].Region("OTName"))
	assert.Equal(t, "1024", p.Items[0].Region("OTObjectSize"))
	f := rec.last(t).Form
	assert.Equal(t, `(OTName:"contract") AND (OTLocation:"2000")`, f.Get("where"))
	assert.Equal(t, "complexquery", f.Get("lookfor"))
	assert.Equal(t, "wordbeginswith", f.Get("modifier"))
	assert.Equal(t, "metadata", f.Get("within"))
	assert.Equal(t, "desc_OTObjectDate", f.Get("sort"))
	assert.Equal(t, "3", f.Get("slice"))
	assert.Equal(t, "10", f.Get("limit"))
}

func TestSearchIterStopsOnShortPageEvenWhenServerAnswersPagesOutOfRange(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	// Like the real server: page_total is not reliable and any page past
	// the end still returns (the last) results.
	mt.RegisterResponder("POST", api("v2/search"), func(r *http.Request) (*http.Response, error) {
		require.NoError(t, r.ParseForm())
		page, _ := strconv.Atoi(r.PostForm.Get("page"))
		page = min(max(page, 1), 3)
		n := map[int]int{1: 5, 2: 5, 3: 2}[page]
		var items []string
		for i := range n {
			items = append(items, fmt.Sprintf(`{"data":{"properties":{"id":%d}}}`, page*100+i))
		}
		return jsonResp(200, fmt.Sprintf(`{"collection":{"paging":{"limit":5,"page":%d}},"results":[%s]}`, page, strings.Join(items, ",")))(r)
	})
	n := 0
	for _, err := range c.Search.QueryIter(t.Context(), xecm.SearchQuery{Where: "x", ListOptions: xecm.ListOptions{Limit: 5}}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 12, n)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestSearchRejectsBadInput(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	for want, q := range map[string]xecm.SearchQuery{
		"Where is required": {},
		"LookFor":           {Where: "x", LookFor: "some"},
		"Modifier":          {Where: "x", Modifier: "near"},
		"Within":            {Where: "x", Within: "title"},
		"LocationID needs":  {Where: "x", LookFor: xecm.LookForAllWords, LocationID: 5},
	} {
		_, err := c.Search.Query(t.Context(), q)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, want)
		assert.ErrorContains(t, err, want)
	}
}

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

// Content Server reads a * at the start or end of a quoted phrase as a
// wildcard (LQL conventions), so a value of "*" would match every name:
// LQLField escapes it like the quote and the backslash.
func TestLQLFieldEscapesTheWildcard(t *testing.T) {
	assert.Equal(t, `OTName:"\*"`, xecm.LQLField("OTName", "*"))
	assert.Equal(t, `OTName:"\*report 2\* \"x\" \\"`, xecm.LQLField("OTName", `*report 2* "x" \`))
}
