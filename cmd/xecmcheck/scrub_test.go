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
		// encoding/json writes invalid UTF-8 as U+FFFD, so a secret that is
		// not valid UTF-8 could only leak in that coerced form; its raw
		// bytes alone may stand inside a U+FFFD the encoder wrote for other
		// input (secret "\xef", key "\x84": a false alarm, found by CI's
		// fuzzing). Nothing to look for when only U+FFFD would be left.
		if !utf8.ValidString(secret) {
			secret = strings.ToValidUTF8(secret, "\uFFFD")
			if strings.Trim(secret, "\uFFFD") == "" {
				return
			}
		}
		out, err := marshalJSON(s.scrubValue(v))
		require.NoError(t, err)
		back, ok := decodeJSON(out)
		require.True(t, ok, "scrubbed JSON decodes")
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
