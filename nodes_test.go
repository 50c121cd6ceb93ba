package xecm_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// looseNode is a node as some servers send it: numbers as strings, null
// where a number belongs, a guid of null.
const looseNode = `{"id":"2001","name":"Loose","type":"144","parent_id":"2000","volume_id":-2000,
 "reserved_user_id":null,"size":"","owner_user_id":"1000","container_size":"0","guid":null,
 "create_date":"2026-11-30T08:00:00","reserved":false}`

func checkLooseNode(t *testing.T, n *xecm.Node) {
	t.Helper()
	assert.Equal(t, int64(2001), n.ID)
	assert.Equal(t, xecm.TypeDocument, n.Type)
	assert.Equal(t, int64(2000), n.ParentID)
	assert.Equal(t, int64(-2000), n.VolumeID)
	assert.Zero(t, n.ReservedUserID)
	assert.Zero(t, n.Size)
	assert.Equal(t, int64(1000), n.OwnerUserID)
	assert.Empty(t, n.GUID)
	assert.Equal(t, 2026, n.CreateDate.Year())
}

func TestNodeDecodesTheServersLooseTypes(t *testing.T) {
	var n xecm.Node
	require.NoError(t, json.Unmarshal([]byte(looseNode), &n))
	checkLooseNode(t, &n)

	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/2001"), jsonResp(200, `{"results":{"data":{"properties":`+looseNode+`}}}`))
	mt.RegisterResponder("GET", api("v2/nodes/2000/nodes"), jsonResp(200,
		`{"collection":{"paging":{"page":1,"page_total":1,"limit":25,"total_count":1}},"results":[{"data":{"properties":`+looseNode+`}}]}`))
	got, err := c.Nodes.Get(t.Context(), 2001, nil)
	require.NoError(t, err)
	checkLooseNode(t, got)
	page, err := c.Nodes.ListChildren(t.Context(), 2000, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	checkLooseNode(t, page.Items[0])

	// A value no tolerance covers is an error, not a zero.
	err = json.Unmarshal([]byte(`{"id":"twenty"}`), &n)
	assert.Error(t, err)
}

// Results come in the other shape now and then: a one-element list where a
// node is expected, an object where a page of them is. Both decode to the
// same answer as the usual shape, with the state token beside them.
func TestNodeResultsInTheOtherShape(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/2001"), jsonResp(200,
		`{"results":[{"data":{"properties":`+looseNode+`},"state":{"properties":{"metadata_token":"tok"}}}]}`))
	mt.RegisterResponder("GET", api("v2/nodes/2000/nodes"), jsonResp(200,
		`{"collection":{"paging":{"page":1,"page_total":1,"limit":25,"total_count":1}},"results":{"data":{"properties":`+looseNode+`}}}`))
	mt.RegisterResponder("GET", api("v2/nodes/2002"), jsonResp(200, `{"results":[]}`))

	got, err := c.Nodes.Get(t.Context(), 2001, nil)
	require.NoError(t, err)
	checkLooseNode(t, got)
	assert.Equal(t, "tok", got.MetadataToken)
	page, err := c.Nodes.ListChildren(t.Context(), 2000, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	checkLooseNode(t, page.Items[0])
	assert.Equal(t, 1, page.TotalCount)

	_, err = c.Nodes.Get(t.Context(), 2002, nil)
	assert.ErrorContains(t, err, "no node properties", "an empty list is no node")
}

// Malformed loose types are errors, not zeros: a fractional ID, a state
// that is not an object.
func TestNodeRefusesMalformedValues(t *testing.T) {
	var n xecm.Node
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"id":"2001.5","name":"x"}`), &n), "not a whole number")
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"id":"two"}`), &n), "not a whole number")
	require.NoError(t, json.Unmarshal([]byte(`{"id":2.001e3}`), &n), "a whole number in float form")
	assert.Equal(t, int64(2001), n.ID)

	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/2001"), jsonResp(200,
		`{"results":{"data":{"properties":{"id":2001,"name":"x","type":144}},"state":["t1"]}}`))
	_, err := c.Nodes.Get(t.Context(), 2001, nil)
	assert.ErrorContains(t, err, "malformed response: results.state")
}
