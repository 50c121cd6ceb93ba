package portal

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A digest from the Source goes into the ETag (and the listing) only if it
// is one: 64 hex digits. Anything else would make a malformed or
// misleading validator (a quote ends the entity-tag, a comma splits an
// If-None-Match list, a newline is a header injection attempt), so it is
// treated as absent, and logged.
func TestMalformedDigestsAreLeftOutOfTheETag(t *testing.T) {
	good := strings.Repeat("0123456789abcdef", 4)
	for name, digest := range map[string]string{
		"header injection": good[:20] + "\r\nSet-Cookie: session=evil",
		"quote":            good[:63] + `"`,
		"list":             good[:30] + `", "` + good[:30],
		"weak prefix":      "W/" + good[:62],
		"too short":        good[:63],
		"too long":         good + "0",
		"not hex":          good[:63] + "g",
		"spaces":           " " + good[:62] + " ",
		"non-ASCII":        good[:61] + "é",
		// Bytes 0x10-0x19 become '0'-'9' under a case fold (|0x20).
		"control bytes": good[:54] + "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19",
	} {
		t.Run(name, func(t *testing.T) {
			src := fixture()
			src.nodes[101].versions[1].info.SHA256 = digest
			var logs bytes.Buffer
			h, _ := newTestHandler(t, src, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })

			w := get(h, "GET", "/documents/101")
			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, `"d101-v2"`, w.Header().Get("ETag"))
			assert.Equal(t, http.StatusNotModified, get(h, "GET", "/documents/101", "If-None-Match", `"d101-v2"`).Code)
			for _, it := range listing(t, h, "/collections/policies").Items {
				assert.Empty(t, it.SHA256, "listed document %d", it.ID)
			}
			assert.Contains(t, logs.String(), "malformed SHA-256")
			assert.Contains(t, logs.String(), "document=101")
			assert.NotContains(t, logs.String(), "\nSet-Cookie", "the log stays one record a line")
		})
	}
}

// An upper-case digest is a digest: it is kept, in lower case, unlogged.
func TestUpperCaseDigestIsKeptInLowerCase(t *testing.T) {
	src := fixture()
	vs, err := src.Versions(t.Context(), 101)
	require.NoError(t, err)
	lower := vs[1].SHA256
	src.nodes[101].versions[1].info.SHA256 = strings.ToUpper(lower)
	var logs bytes.Buffer
	h, _ := newTestHandler(t, src, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	assert.Equal(t, `"d101-v2-`+lower+`"`, get(h, "GET", "/documents/101").Header().Get("ETag"))
	items := listing(t, h, "/collections/policies").Items
	require.NotEmpty(t, items)
	assert.Equal(t, lower, items[len(items)-1].SHA256)
	assert.Empty(t, logs.String())
	assert.Equal(t, strings.ToUpper(lower), src.nodes[101].versions[1].info.SHA256, "the Source's own data is not changed")
}
