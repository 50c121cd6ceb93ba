package portal

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A page number so large that (page-1)*limit overflows must be answered
// (an empty page), never panic the handler.
func TestCollectionHugePageDoesNotPanic(t *testing.T) {
	h, _ := newTestHandler(t, fixture(), nil)
	for _, q := range []string{
		"page=" + strconv.Itoa(1<<62) + "&limit=4",
		"page=" + strconv.Itoa(1<<62+1) + "&limit=4",
		"page=9223372036854775807&limit=100",
	} {
		var code int
		assert.NotPanics(t, func() { code = get(h, "GET", "/collections/policies?"+q).Code }, q)
		assert.Equal(t, http.StatusOK, code, q)
		if code == http.StatusOK {
			var p CollectionPage
			assert.NoError(t, json.Unmarshal(get(h, "GET", "/collections/policies?"+q).Body.Bytes(), &p))
			assert.Empty(t, p.Items, "a page past the end is empty: %s", q)
		}
	}
}
