package xecmtest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The spec's 400 for a search without criteria or with a wrong LQL
// statement.
func TestSearchBadQueryAnswersAsTheSpec(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	for _, where := range []string{"", "   ", "(unbalanced", `OTName:"open`} {
		resp, body := c.form(http.MethodPost, "/v2/search", url.Values{"where": {where}})
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, where)
		msg, _ := body["error"].(string)
		assert.True(t, strings.HasPrefix(msg, "Error Evaluating Query, You have either not specified any search criterion at all"), "%q: %s", where, msg)
	}
}
