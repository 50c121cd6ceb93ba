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
