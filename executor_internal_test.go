package xecm

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A segment escaped with url.PathEscape keeps its escapes whatever the base
// path holds: a base path that itself needs escaping (a space) must not turn
// an escaped "/" in a segment into a path separator.
func TestAPIURLKeepsEscapedSegmentUnderEscapedBasePath(t *testing.T) {
	for _, base := range []string{"https://ecm.test/otcs/cs.exe", "https://ecm.test/Content%20Server/cs.exe"} {
		c, err := NewClient(base, WithTicket("t"))
		require.NoError(t, err)
		got, err := url.Parse(c.apiURL("v2/multipart/"+url.PathEscape("k/1 2"), nil))
		require.NoError(t, err)
		assert.Equal(t, c.baseURL.EscapedPath()+"/api/v2/multipart/k%2F1%202", got.EscapedPath(), base)
	}
}
