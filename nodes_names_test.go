package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestNodesNamesInUseMalformed(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("POST", api("v1/validation/nodes/names"), jsonResp(200, `{"results":[{"name":"a.pdf"}]}`))
	_, err := c.Nodes.NamesInUse(t.Context(), 2000, "a.pdf")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "without id or name")
}
