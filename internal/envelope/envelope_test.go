package envelope

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type item struct {
	ID int `json:"id"`
}

func TestOneOrMany(t *testing.T) {
	cases := map[string]int{`{"id":1}`: 1, `[{"id":1},{"id":2}]`: 2, `[]`: 0, `null`: 0, `{}`: 0, ` { } `: 0}
	for in, n := range cases {
		var v struct {
			R OneOrMany[item] `json:"r"`
		}
		require.NoError(t, Unmarshal([]byte(`{"r":`+in+`}`), &v), in)
		assert.Len(t, v.R, n, in)
		if n > 0 {
			assert.Equal(t, 1, v.R.First().ID, in)
		}
	}
	var v OneOrMany[item]
	require.Error(t, Unmarshal([]byte(`"x"`), &v))
	assert.Equal(t, item{}, v.First())
	require.NoError(t, Unmarshal([]byte(` {"id":7} `), &v), "a list at the top")
	assert.Equal(t, OneOrMany[item]{{ID: 7}}, v)
}

// A list nested in every element of another list is reshaped in one pass
// per path, whichever elements carry the object form.
func TestOneOrManyNested(t *testing.T) {
	type inner struct {
		Data struct {
			Tags OneOrMany[item] `json:"tags"`
		} `json:"data"`
	}
	var v struct {
		Results OneOrMany[inner] `json:"results"`
		Other   []item           `json:"other"`
	}
	in := `{"results":{"data":{"tags":{"id":1}}},"other":[{"id":"\"tags\":{"}]}`
	err := Unmarshal([]byte(in), &v)
	require.Error(t, err, "a wrong type outside the tolerated shapes stays an error")

	in = `{"results":[{"data":{"tags":{"id":1}}},{"data":{"tags":[{"id":2},{"id":3}]}},{"data":{"tags":{}}},{"data":{"tags":{"id":4}}}],` +
		`"x":"{\"tags\":{}}","other":[{"id":5}]}`
	require.NoError(t, Unmarshal([]byte(in), &v))
	require.Len(t, v.Results, 4)
	assert.Equal(t, OneOrMany[item]{{ID: 1}}, v.Results[0].Data.Tags)
	assert.Equal(t, OneOrMany[item]{{ID: 2}, {ID: 3}}, v.Results[1].Data.Tags)
	assert.Empty(t, v.Results[2].Data.Tags)
	assert.Equal(t, OneOrMany[item]{{ID: 4}}, v.Results[3].Data.Tags)
	assert.Equal(t, []item{{ID: 5}}, v.Other)
}

// An object where a plain slice is expected is still an error: only
// OneOrMany lists take the other shape.
func TestPlainSliceStaysStrict(t *testing.T) {
	var v struct {
		R []item `json:"r"`
	}
	var te *json.UnmarshalTypeError
	require.ErrorAs(t, Unmarshal([]byte(`{"r":{"id":1}}`), &v), &te)
}

func TestSingle(t *testing.T) {
	type one struct {
		Single
		ID int `json:"id"`
	}
	cases := map[string]int{`{"id":1}`: 1, `[{"id":1},{"id":2}]`: 1, `[]`: 0, `null`: 0, `[ {"id":3} ]`: 3}
	for in, want := range cases {
		var v struct {
			R one    `json:"r"`
			S string `json:"s"`
		}
		require.NoError(t, Unmarshal([]byte(`{"r":`+in+`,"s":"[x]"}`), &v), in)
		assert.Equal(t, want, v.R.ID, in)
		assert.Equal(t, "[x]", v.S, in)
	}
	var plain struct {
		R item `json:"r"`
	}
	require.Error(t, Unmarshal([]byte(`{"r":[{"id":1}]}`), &plain), "a struct without the mark takes no array")
}

func TestReshapeKeepsEverythingElse(t *testing.T) {
	in := ` { "a" : [ 1 , "x\"}" , {"b": {"c":1} } ] , "b" : { "c" : 2 } } `
	out, changed := reshape([]byte(in), []string{"a", "b"}, true)
	assert.True(t, changed)
	assert.Equal(t, ` { "a" : [ 1 , "x\"}" , {"b": [{"c":1}] } ] , "b" : { "c" : 2 } } `, string(out))
}

func TestPagedLayouts(t *testing.T) {
	for _, in := range []string{
		`{"collection":{"paging":{"page":2,"page_total":3,"limit":10,"total_count":25}}}`,
		`{"paging":{"page":2,"page_total":3,"limit":10,"total_count":25}}`,
		`{"page":2,"page_total":3,"limit":10,"total_count":25}`,
	} {
		var p Paged
		require.NoError(t, Unmarshal([]byte(in), &p))
		assert.Equal(t, Paging{Page: 2, PageTotal: 3, Limit: 10, TotalCount: 25}, p.Paging(), in)
	}
}

// The decoder keeps encoding/json's semantics, which the SDK's types rely
// on: names match whatever their case, unknown fields are ignored, an
// UnmarshalJSON method sees its value's bytes, a number quoted where a
// number is expected is a type error, and null leaves a value alone.
func TestEncodingJSONSemantics(t *testing.T) {
	type wire struct {
		ID    int             `json:"id"`
		Name  string          `json:"name"`
		Raw   json.RawMessage `json:"raw"`
		Count int             `json:"count"`
	}
	var v wire
	v.Count = 7
	require.NoError(t, Unmarshal([]byte(`{"ID":1,"NAME":"a","unknown":{"x":[1,2]},"raw":{"k": 1},"count":null}`), &v))
	assert.Equal(t, wire{ID: 1, Name: "a", Raw: json.RawMessage(`{"k": 1}`), Count: 7}, v)

	var std, ours wire
	in := []byte(`{"id":"12"}`)
	stdErr, ourErr := json.Unmarshal(in, &std), Unmarshal(in, &ours)
	require.Error(t, stdErr)
	var te *json.UnmarshalTypeError
	require.ErrorAs(t, ourErr, &te, "the type error is encoding/json's own")
	assert.Equal(t, "id", te.Field)
	assert.Equal(t, std, ours)
}

// Text that is cut short or garbled is a syntax error, told apart from a
// value of the wrong shape.
func TestIsSyntax(t *testing.T) {
	var v struct {
		ID int `json:"id"`
	}
	for _, in := range []string{`{"id":1`, `{"id":1}}`, `{"id":x}`, `<html>`} {
		err := Unmarshal([]byte(in), &v)
		require.Error(t, err, in)
		assert.True(t, IsSyntax(err), in)
	}
	err := Unmarshal([]byte(`{"id":"x"}`), &v)
	require.Error(t, err)
	assert.False(t, IsSyntax(err))
	assert.False(t, IsSyntax(nil))
}

// fuzzTarget has a field of each kind the SDK's wire types use.
type fuzzTarget struct {
	ID     int64             `json:"id"`
	Count  int               `json:"count"`
	Ratio  float64           `json:"ratio"`
	Name   string            `json:"name"`
	OK     bool              `json:"ok"`
	Ptr    *string           `json:"ptr"`
	Names  map[string]string `json:"names"`
	IDs    []int64           `json:"ids"`
	Raw    json.RawMessage   `json:"raw"`
	Any    any               `json:"any"`
	Nested struct {
		Limit int `json:"limit"`
	} `json:"nested"`
	Quoted int `json:"quoted,string"`
}

// The decoder gives what encoding/json gives: the same values when both
// succeed, and an error when encoding/json has one.
func FuzzUnmarshalMatchesEncodingJSON(f *testing.F) {
	for _, seed := range []string{
		`{"id":1,"count":2,"ratio":0.5,"name":"a","ok":true,"ptr":"p","names":{"en":"x"},"ids":[1,2],"raw":{"a":[1]},"any":[1,"x",null],"nested":{"limit":3},"quoted":"4"}`,
		`{"ID":1,"Name":"case","NESTED":{"LIMIT":2},"unknown":{"x":1}}`,
		`{"id":"1"}`, `{"id":1.5}`, `{"name":null,"ok":null,"ptr":null}`, `{"id":1,"id":2}`,
		`{"name":"\ud800"}`, "{\"name\":\"\xff\"}", `{"ids":{}}`, `[1]`, `null`, `{"id":1`, `{"quoted":4}`,
		`{"id":9223372036854775808}`, `{"any":1e400}`, ` {"count": -0 } `,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want, got fuzzTarget
		wantErr := json.Unmarshal(data, &want)
		gotErr := Unmarshal(data, &got)
		if wantErr != nil {
			require.Error(t, gotErr, "encoding/json: %v", wantErr)
			return
		}
		require.NoError(t, gotErr)
		assert.Equal(t, want, got)
	})
}
