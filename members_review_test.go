package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/xecm-go/xecm"
)

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
