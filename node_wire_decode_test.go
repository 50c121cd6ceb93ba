package xecm

import (
	"encoding/json"
	"maps"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/envelope"
)

// langStringsCases are multilingual maps as servers send them and as a
// broken or hostile one might.
var langStringsCases = []string{
	`{}`, ` { } `, `null`, `{"en":"Invoice","de":"Rechnung"}`, `{ "en" : "a" , "fr":"ü" }`,
	`{"en":"a","en":"b"}`, `{"en":"a\"b"}`, `{"en":null}`, `{"en":1}`, `{"en":{"x":1}}`, `[]`, `"x"`, `1`,
	`{"en":"a",}`, `{"en":"a"`, `{"en"}`, "{\"en\":\"\xff\"}", "{\"en\":\"a\x01\"}", `{"\u00fc":"x"}`, `{"en":"a" "de":"b"}`,
	`true`, `{`, ``,
}

// A multilingual map decodes as encoding/json decodes a map[string]string:
// same values when both succeed, an error when encoding/json has one.
func TestLangStringsMatchesEncodingJSON(t *testing.T) {
	for _, in := range langStringsCases {
		checkLangStrings(t, in)
	}
}

func FuzzLangStringsMatchesEncodingJSON(f *testing.F) {
	for _, in := range langStringsCases {
		f.Add(in)
	}
	f.Fuzz(checkLangStrings)
}

func checkLangStrings(t *testing.T, in string) {
	for _, prev := range []map[string]string{nil, {"en": "old", "it": "vecchio"}} {
		want := maps.Clone(prev)
		wantErr := json.Unmarshal([]byte(in), &want)
		got := langStrings(maps.Clone(prev))
		gotErr := got.UnmarshalJSON([]byte(in))
		if wantErr != nil {
			assert.Error(t, gotErr, "%q: encoding/json says %v", in, wantErr)
			continue
		}
		require.NoError(t, gotErr, in)
		assert.Equal(t, want, map[string]string(got), in)
		assert.Equal(t, want == nil, got == nil, "%q: nil map", in)
	}
}

// Through the SDK's decoder a node's multilingual maps come out as
// encoding/json makes them, and a malformed one is an error, not a panic.
func TestNodeMultilingualDecoding(t *testing.T) {
	var w nodeWire
	require.NoError(t, envelope.Unmarshal([]byte(`{"id":1,"name_multilingual":{},"description_multilingual":{"en":"d","de":"D"}}`), &w))
	n := w.node()
	assert.NotNil(t, n.NameMultilingual)
	assert.Empty(t, n.NameMultilingual)
	assert.Equal(t, map[string]string{"en": "d", "de": "D"}, n.DescriptionMultilingual)

	w = nodeWire{}
	require.NoError(t, envelope.Unmarshal([]byte(`{"id":1,"name_multilingual":null}`), &w))
	assert.Nil(t, w.node().NameMultilingual)

	for _, bad := range []string{`{"name_multilingual":{"en":5}}`, `{"name_multilingual":"x"}`, `{"name_multilingual":{"en":"a"`} {
		w = nodeWire{}
		assert.Error(t, envelope.Unmarshal([]byte(bad), &w), bad)
	}
}
