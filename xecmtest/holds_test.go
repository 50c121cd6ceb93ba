package xecmtest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GET api/v2/holds answers without page and limit.
func TestListHoldsWithoutPaging(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, m := c.get("/v2/holds")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	holds := dig(t, m, "results", "data", "holds").([]any)
	assert.Greater(t, len(holds), 1)
	assert.EqualValues(t, len(holds), dig(t, m, "collection", "paging", "total_count"), "every hold on one page")
	resp, m = c.get("/v2/holds?page=2&limit=1")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Len(t, dig(t, m, "results", "data", "holds"), 1)
}
