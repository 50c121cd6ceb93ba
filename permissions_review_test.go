package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// An answer without the entry must not read as "no permissions": for
// Effective that is a wrong answer to an access question.
func TestPermissionsGetOneRefusesAnAnswerWithoutTheEntry(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	for _, body := range []string{`{}`, `{"results":{}}`, `{"results":[{"data":{}}]}`} {
		mt.RegisterResponder("GET", api("v2/nodes/77/permissions/effective/1001"), jsonResp(200, body))
		mt.RegisterResponder("GET", api("v2/nodes/77/permissions/custom/1001"), jsonResp(200, body))
		eff, err := c.Permissions.Effective(t.Context(), 77, 1001)
		assert.Nil(t, eff, body)
		assert.ErrorContains(t, err, "malformed response", body)
		e, err := c.Permissions.GetAssigned(t.Context(), 77, 1001)
		assert.Nil(t, e, body)
		assert.ErrorContains(t, err, "malformed response", body)
	}

	// No permissions at all is an answer.
	mt.RegisterResponder("GET", api("v2/nodes/77/permissions/effective/1001"),
		jsonResp(200, `{"results":{"data":{"permissions":{"permissions":[],"right_id":1001,"type":"custom"}}}}`))
	eff, err := c.Permissions.Effective(t.Context(), 77, 1001)
	require.NoError(t, err)
	assert.Empty(t, eff)
}
