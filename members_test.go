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

// membersPage serves ids 1..total in pages of at most 20, like the server.
func membersPage(t *testing.T, rec *recorder, total int) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		page, limit = max(page, 1), min(max(limit, 1), 20)
		if limit > 20 {
			t.Errorf("limit %d above the server's cap", limit)
		}
		var items []string
		for i := (page-1)*limit + 1; i <= min(page*limit, total); i++ {
			items = append(items, fmt.Sprintf(`{"data":{"properties":{"id":%d,"name":"u%d","type":0}}}`, i, i))
		}
		return rec.answer(t, 200, fmt.Sprintf(`{"collection":{"paging":{"limit":%d,"page":%d,"page_total":%d,"total_count":%d}},"results":[%s]}`,
			limit, page, (total+limit-1)/limit, total, strings.Join(items, ",")))(r)
	}
}

func TestMembersListPagesPastTheServerCap(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/members"), membersPage(t, &rec, 95))

	p, err := c.Members.List(t.Context(), &xecm.MemberListOptions{ListOptions: xecm.ListOptions{Page: 2, Limit: 50}, Types: []xecm.MemberType{xecm.MemberUser}})
	require.NoError(t, err)
	require.Len(t, p.Items, 45)
	assert.Equal(t, int64(51), p.Items[0].ID)
	assert.Equal(t, int64(95), p.Items[44].ID)
	assert.Equal(t, 2, p.Page)
	assert.Equal(t, 50, p.Limit)
	assert.Equal(t, 2, p.PageTotal)
	assert.Equal(t, 95, p.TotalCount)
	for _, r := range rec.all() {
		assert.Equal(t, "20", r.Query.Get("limit"))
		assert.Equal(t, []string{"0"}, r.Query["where_type"])
	}

	n := 0
	for m, err := range c.Members.ListIter(t.Context(), &xecm.MemberListOptions{ListOptions: xecm.ListOptions{Limit: 30}}) {
		require.NoError(t, err)
		n++
		assert.Equal(t, int64(n), m.ID)
	}
	assert.Equal(t, 95, n)
}

func TestMembersGetMeAndGroupMembers(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v1/auth"), jsonResp(200, `{"data":{"id":1001,"name":"jdoe","first_name":"John","last_name":"Doe","business_email":"jdoe@example.com","group_id":2001,"display_name":"John Doe"}}`))
	mt.RegisterResponder("GET", api("v2/members/2001"), jsonResp(200, `{"results":{"data":{"properties":{"id":2001,"name":"DefaultGroup","type":1,"leader_id":1000}}}}`))
	mt.RegisterResponder("GET", api("v2/members/2001/members"), membersPage(t, &rec, 3))

	me, err := c.Members.Me(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "jdoe", me.Name)
	assert.Equal(t, "John Doe", me.DisplayName)
	assert.Equal(t, int64(2001), me.GroupID)
	g, err := c.Members.Get(t.Context(), 2001)
	require.NoError(t, err)
	assert.True(t, g.IsGroup())
	assert.Equal(t, int64(1000), g.LeaderID)

	var ids []int64
	for m, err := range c.Members.GroupMembersIter(t.Context(), 2001, nil) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{1, 2, 3}, ids)
}

func TestMembersRejectBadInput(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	_, err := c.Members.List(t.Context(), &xecm.MemberListOptions{Query: "doe", WhereLastName: "Doe"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "where_last_name")
	_, err = c.Members.List(t.Context(), &xecm.MemberListOptions{Types: []xecm.MemberType{5}})
	assert.ErrorContains(t, err, "Types")
	_, err = c.Members.Get(t.Context(), -1)
	assert.ErrorContains(t, err, "member ID")
	for _, err := range c.Members.GroupMembersIter(t.Context(), 0, nil) {
		assert.ErrorContains(t, err, "group ID")
	}
}

// A member answer without the member (a proxy's {}, an empty results) is
// an error, not a blank Member carrying the asked-for ID.
func TestMembersGetRefusesAnAnswerWithoutTheMember(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	for _, body := range []string{`{}`, `{"results":{}}`, `{"results":[]}`, `{"results":{"data":{}}}`} {
		mt.RegisterResponder("GET", api("v2/members/1001"), jsonResp(200, body))
		m, err := c.Members.Get(t.Context(), 1001)
		assert.Nil(t, m, body)
		assert.ErrorContains(t, err, "malformed response", body)
	}
}
