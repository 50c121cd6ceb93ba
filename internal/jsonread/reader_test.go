package jsonread

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// valueCases are JSON values and near misses.
var valueCases = []string{
	`0`, `-0`, `12`, `-12`, `01`, `1.`, `.5`, `1.5`, `1e3`, `1E+3`, `1e-3`, `1e`, `-`, `+1`, `123456789012345678`, `1234567890123456789`,
	`9223372036854775807`, `"x"`, `""`, `"a\"b"`, `"\u00fc"`, `"\u00f"`, `"\x"`, "\"\x01\"", "\"\xff\"", `"\ud83d\ude00"`, `"\ud83d"`, `"é"`,
	`true`, `false`, `null`, `tru`, `nul`, `truex`, `{}`, `{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `[]`, `[1,2]`, `[1,]`, `[,1]`,
	`[1 2]`, ` [ 1 , { "a" : [ null ] } ] `, `{"\u0061":1}`, `[`, `{`, `"`, ``, ` `, `[[[[]]]]`, `{"a":{"b":{"c":[]}}}`,
	strings.Repeat("[", 600) + strings.Repeat("]", 600),
}

// Whatever Skip accepts is valid JSON, and it accepts every valid value
// without an escaped member name that is not nested too deep.
func TestSkipMatchesValid(t *testing.T) {
	for _, in := range valueCases {
		checkSkip(t, []byte(in))
	}
}

func FuzzSkipMatchesValid(f *testing.F) {
	for _, in := range valueCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkSkip(t, in) })
}

func checkSkip(t *testing.T, in []byte) {
	r := New(in)
	r.Skip()
	ok := r.End()
	if ok {
		require.True(t, json.Valid(in), "accepted invalid %q", in)
		return
	}
	if json.Valid(in) && !bytes.Contains(in, []byte(`\`)) && depth(in) <= maxDepth {
		t.Fatalf("declined valid %q", in)
	}
}

// depth is the deepest nesting of in, counting brackets in strings too
// (an over-estimate is fine for the test's purpose).
func depth(in []byte) int {
	d, most := 0, 0
	for _, c := range in {
		switch c {
		case '[', '{':
			d++
			most = max(most, d)
		case ']', '}':
			d--
		}
	}
	return most
}

// String, Bool and Int store what encoding/json stores into a string, a
// bool and an int, keep the old value on null, and decline what
// encoding/json refuses.
func TestScalarsMatchEncodingJSON(t *testing.T) {
	for _, in := range valueCases {
		checkScalars(t, []byte(in))
	}
}

func FuzzScalarsMatchEncodingJSON(f *testing.F) {
	for _, in := range valueCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkScalars(t, in) })
}

func checkScalars(t *testing.T, in []byte) {
	s, wantS := "old", "old"
	r := New(in)
	r.String(&s)
	if r.End() {
		require.NoError(t, json.Unmarshal(in, &wantS), "String accepted %q", in)
		assert.Equal(t, wantS, s, "%q", in)
	}
	b, wantB := true, true
	r = New(in)
	r.Bool(&b)
	if r.End() {
		require.NoError(t, json.Unmarshal(in, &wantB), "Bool accepted %q", in)
		assert.Equal(t, wantB, b, "%q", in)
	}
	n, wantN := 7, 7
	r = New(in)
	r.Int(&n)
	if r.End() {
		require.NoError(t, json.Unmarshal(in, &wantN), "Int accepted %q", in)
		assert.Equal(t, wantN, n, "%q", in)
	}
}

// Walking an object gives its member names in order; Unknown declines a
// name that could match a known one without case.
func TestMembers(t *testing.T) {
	r := New([]byte(` { "a" : 1 , "b":{"c":[true]} ,"d":"x"} `))
	require.True(t, r.Object())
	var names []string
	for {
		name, ok := r.Member()
		if !ok {
			break
		}
		names = append(names, string(name))
		r.Unknown(name)
	}
	assert.True(t, r.End())
	assert.Equal(t, []string{"a", "b", "d"}, names)

	for _, in := range []string{`{"A":1}`, `{"é":1}`, `{"\u0061":1}`} {
		r := New([]byte(in))
		require.True(t, r.Object())
		if name, ok := r.Member(); ok {
			r.Unknown(name)
		}
		assert.True(t, r.Failed(), in)
		assert.False(t, r.End(), in)
	}
}

// A short string a text repeats is made once; a long one, or one read by
// another Reader after Release, is still the same text.
func TestShortStringsAreMadeOnce(t *testing.T) {
	r := New([]byte(`["Document","Document","a long name of a document","a long name of a document"]`))
	var got [4]string
	require.True(t, r.Array())
	for i := 0; r.Element(); i++ {
		r.String(&got[i])
	}
	require.True(t, r.End())
	r.Release()
	assert.Equal(t, [4]string{"Document", "Document", "a long name of a document", "a long name of a document"}, got)
	assert.Same(t, unsafe.StringData(got[0]), unsafe.StringData(got[1]), "made once")
	assert.NotSame(t, unsafe.StringData(got[2]), unsafe.StringData(got[3]), "longer than maxShort: not remembered")

	var again string
	r = New([]byte(`"Docu\u006dent"`))
	r.String(&again)
	assert.Equal(t, "Document", again)
	r.Release()
}
