package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The spec draws the nickname answer's results, data and properties as
// arrays; the node answer's objects are read as well.
func TestNodesByNicknameDecodesBothShapes(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nicknames/as_object/nodes"), jsonResp(200, `{"results":{"data":{"properties":{"id":2001,"name":"A"}}}}`))
	mt.RegisterResponder("GET", api("v2/nicknames/as_array/nodes"), jsonResp(200, `{"results":[{"data":{"properties":{"id":"2002","name":"B"}}}]}`))
	mt.RegisterResponder("GET", api("v2/nicknames/empty/nodes"), jsonResp(200, `{"results":[]}`))
	mt.RegisterResponder("GET", api("v2/nicknames/nobody/nodes"), jsonResp(404, `{"error":"Sorry, no exact match was found for an item with the Nickname nobody."}`))

	n, err := c.Nodes.ByNickname(t.Context(), "as_object")
	require.NoError(t, err)
	assert.Equal(t, int64(2001), n.ID)
	n, err = c.Nodes.ByNickname(t.Context(), "as_array")
	require.NoError(t, err)
	assert.Equal(t, int64(2002), n.ID)

	_, err = c.Nodes.ByNickname(t.Context(), "empty")
	require.Error(t, err, "a 200 without the node is not a success")
	assert.Contains(t, err.Error(), "no node properties")
	_, err = c.Nodes.ByNickname(t.Context(), "nobody")
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}
