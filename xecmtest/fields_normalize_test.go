package xecmtest

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodedAndEncoded is what answerFieldsDecoded writes for raw: raw
// decoded with UseNumber and encoded again.
func decodedAndEncoded(t *testing.T, raw []byte) ([]byte, bool) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return nil, false
	}
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return out, true
}

// assertNormalized requires normalizeJSON(raw), where it answers, to be
// raw decoded and encoded again; it reports whether it answered.
func assertNormalized(t *testing.T, raw []byte) bool {
	t.Helper()
	got, ok := normalizeJSON(nil, raw)
	if !ok {
		return false
	}
	want, valid := decodedAndEncoded(t, raw)
	require.True(t, valid, "normalized JSON that does not decode: %q", raw)
	assert.Equal(t, string(want), string(got), "from %q", raw)
	return true
}

func TestNormalizeJSONIsDecodeAndEncode(t *testing.T) {
	type inner struct {
		Z int    `json:"z"`
		A string `json:"a"`
	}
	type outer struct {
		Paging paging         `json:"paging"`
		List   []inner        `json:"list"`
		M      map[string]any `json:"m"`
	}
	for name, c := range map[string]struct {
		v       any
		handled bool // normalizeJSON answers rather than leaving it to a decode
	}{
		"map tree":        {map[string]any{"b": []any{1, "x", nil, true, 2.5, json.Number("1e+21")}, "a": map[string]any{}}, true},
		"structs":         {outer{Paging: paging{Limit: 2, RangeMin: 1, RangeMax: 2}, List: []inner{{1, "<&>"}, {}}, M: map[string]any{"k": inner{}}}, true},
		"escapes":         {[]any{"\"\\\b\f\n\r\t\x00\x1f<>&\u2028\u2029 é 漢 😀"}, true},
		"invalid UTF-8":   {[]any{"bad \xff"}, false},
		"empty":           {[]any{map[string]any{}, []any{}, ""}, true},
		"unsorted raw":    {json.RawMessage(`{"b":1,"a":{"d":2,"c":3}}`), true},
		"duplicate keys":  {json.RawMessage(`{"a":1,"a":2}`), false},
		"escaped key":     {map[string]any{"<k>": 1}, false},
		"slash escape":    {json.RawMessage(`["a\/b"]`), false},
		"upper hex":       {json.RawMessage(`["\u003C"]`), false},
		"other escape":    {json.RawMessage(`["\u00e9"]`), false},
		"long form":       {json.RawMessage(`["\u000a"]`), false},
		"raw U+2028":      {json.RawMessage("[\"\u2028\"]"), true}, // json.Marshal escapes it on the way
		"whitespace":      {marshalerValue{raw: ` { "b" : 1 , "a" : [ 1 , 2 ] } `}, true},
		"numbers":         {[]any{json.Number("-0.5e-7"), 0, -1, 1.5e300, json.Number("12E3")}, true},
		"nested unsorted": {[]any{map[string]any{"x": json.RawMessage(`{"z":{"y":1,"x":[{"b":2,"a":1}]},"a":0}`)}}, true},
	} {
		t.Run(name, func(t *testing.T) {
			raw, err := json.Marshal(c.v)
			require.NoError(t, err)
			assert.Equal(t, c.handled, assertNormalized(t, raw))
		})
	}
	for _, bad := range []string{``, `{`, `[1,]`, `{"a"}`, `{"a":1,}`, `[1 ,2]`, `tru`, `nul`, `01`, `"abc`, `{"a":1}x`, `[1]]`, `{,}`, `[,1]`} {
		_, ok := normalizeJSON(nil, []byte(bad))
		assert.False(t, ok, "%q", bad)
	}
}

// FuzzNormalizeJSON holds normalizeJSON to decoding and encoding again,
// on the JSON of answer-like trees and on any bytes at all.
func FuzzNormalizeJSON(f *testing.F) {
	f.Add([]byte(`{"b":{"d":1,"c":[true,null,"x"]},"a":-1.5e3}`))
	f.Add([]byte("\x0a\x03\x01b\x0b\x01\x01a\x07\x021e"))
	f.Fuzz(func(t *testing.T, data []byte) {
		assertNormalized(t, data)
		v := (&fuzzTree{data: data}).value(0)
		if raw, err := json.Marshal(v); err == nil {
			assertNormalized(t, raw)
		}
	})
}

// The sections check made on an answer before it is written agrees with
// the one made on its decoded JSON, and so do the bytes answered.
func TestAnswerFieldsKnownAgreesWithDecoding(t *testing.T) {
	props := map[string]any{"id": 1, "name": "n"}
	answers := map[string]any{
		"browse":             map[string]any{"collection": map[string]any{"paging": paging{Limit: 1}}, "results": []any{dataResult{map[string]any{"properties": props, "versions": []any{}}}}},
		"empty list":         map[string]any{"results": []any{}},
		"null list":          map[string]any{"results": []any(nil)},
		"no data":            map[string]any{"results": []any{map[string]any{"x": 1}, dataResult{}, "s", nil}},
		"one result":         map[string]any{"results": map[string]any{"data": map[string]any{"properties": props}}},
		"typed nil result":   map[string]any{"results": map[string]any(nil)},
		"v1 top level":       map[string]any{"data": props, "type": 0},
		"v1 with results":    map[string]any{"data": props, "results": "x"},
		"struct results":     map[string]any{"results": paging{}},
		"struct in list":     map[string]any{"results": []any{paging{}}},
		"props data":         map[string]any{"results": []any{map[string]any{"data": &nodeProps{}}}},
		"list of strings":    map[string]any{"results": []string{}},
		"data not an object": map[string]any{"results": []any{map[string]any{"data": []any{1}}}},
	}
	for name, v := range answers {
		for _, fields := range []string{"properties", "versions", "data", "type", "properties{id}", "x"} {
			c := &call{r: httptest.NewRequest("GET", "/?fields="+url.QueryEscape(fields), nil)}
			c.query = c.r.URL.Query()
			raw, err := marshalJSON(v)
			require.NoError(t, err)
			fast, known, fastErr := c.answerFieldsKnown(v, raw)
			if name == "browse" || name == "one result" || name == "v1 top level" || name == "empty list" {
				require.True(t, known, "%s is told without decoding", name)
			}
			if !known {
				continue
			}
			slow, slowErr := c.answerFieldsDecoded(v, raw)
			require.Equal(t, slowErr == nil, fastErr == nil, "%s, fields=%s: %v and %v", name, fields, slowErr, fastErr)
			if slowErr != nil {
				assert.Equal(t, slowErr.Error(), fastErr.Error())
				continue
			}
			want, err := marshalJSON(slow)
			require.NoError(t, err)
			got, err := marshalJSON(fast)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got), "%s, fields=%s", name, fields)
		}
	}
}
