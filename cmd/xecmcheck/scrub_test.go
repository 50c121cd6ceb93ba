package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScrubber(t *testing.T) {
	s := newScrubber([]string{"Globex"})
	s.learnHeaders(map[string][]string{"Authorization": {"Bearer tok-123"}, "Accept": {"x"}})
	assert.Equal(t, "a [redacted] b [redacted] c [redacted]", s.scrubText("a tok-123 b GLOBEX c Bearer tok-123"))
	v := s.scrubValue(map[string]any{
		"access_token": "zzz", "name": "Globex Inc", "n": json.Number("7"),
		"body": `{"password":"pw","who":"globex"}`,
	}).(map[string]any)
	assert.Equal(t, redacted, v["access_token"])
	assert.Equal(t, "[redacted] Inc", v["name"])
	assert.Equal(t, json.Number("7"), v["n"])
	assert.JSONEq(t, `{"password":"[redacted]","who":"[redacted]"}`, v["body"].(string))
	assert.Equal(t, "[redacted]", s.scrubText("zzz"), "a secret found under a key is learnt")
}

// A secret with bytes that are not UTF-8 is replaced as the bytes it is,
// before anything is encoded, in texts and in JSON values.
func TestScrubberReplacesASecretThatIsNotUTF8(t *testing.T) {
	s := newScrubber(nil)
	s.addSecrets("pa\xefss")
	assert.Equal(t, "a [redacted] b", s.scrubText("a pa\xefss b"))
	v := s.scrubValue(map[string]any{"who": "xpa\xefssx", "pa\xefss": "k"}).(map[string]any)
	assert.Equal(t, map[string]any{"who": "x[redacted]x", "[redacted]": "k"}, v)
}

// Whatever the JSON, no secret survives scrubbing in a key or a string
// (the "[redacted]" markers aside: the text between them is free of it),
// and nothing panics.
func FuzzScrubValue(f *testing.F) {
	f.Add([]byte(`{"ticket":"abc","data":{"name":"xabcx","body":"{\"password\":\"abc\"}"}}`), "abc")
	f.Add([]byte(`[{"abc":1},"d]"]`), "d]")
	f.Add([]byte(`{"results":[{"a":"aaa"}]}`), "aa")
	f.Fuzz(func(t *testing.T, data []byte, secret string) {
		v, ok := decodeJSON(data)
		if !ok || secret == "" {
			return
		}
		s := newScrubber(nil)
		s.addSecrets(secret)
		secret = strings.TrimSpace(secret)
		if secret == "" {
			return
		}
		out, err := marshalJSON(s.scrubValue(v))
		require.NoError(t, err)
		back, ok := decodeJSON(out)
		require.True(t, ok, "scrubbed JSON decodes")
		// A secret that is not valid UTF-8 cannot be looked for in JSON:
		// encoding/json writes every invalid byte as U+FFFD, so distinct
		// secrets and keys meet in one spelling, and a secret's byte may
		// stand inside a U+FFFD written for other input (CI's fuzzing found
		// both: secret "\xef" against key "\x84", "\xcd0" against "\x9a0").
		// TestScrubberReplacesASecretThatIsNotUTF8 holds such secrets.
		if !utf8.ValidString(secret) {
			return
		}
		var check func(any)
		free := func(str string) {
			for _, frag := range strings.Split(str, redacted) {
				if strings.Contains(frag, secret) {
					t.Fatalf("secret %q survives in %q", secret, str)
				}
			}
		}
		check = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					free(k)
					check(e)
				}
			case []any:
				for _, e := range x {
					check(e)
				}
			case string:
				if inner, ok := decodeJSON([]byte(x)); ok {
					check(inner)
					return
				}
				free(x)
			}
		}
		check(back)
	})
}
