package xecmtest

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// marshalerValue is a json.Marshaler whose output is not compact and
// carries HTML characters, which encoding/json compacts and escapes.
type marshalerValue struct{ raw string }

func (m marshalerValue) MarshalJSON() ([]byte, error) { return []byte(m.raw), nil }

// failingMarshaler is a json.Marshaler that fails.
type failingMarshaler struct{}

func (failingMarshaler) MarshalJSON() ([]byte, error) { return nil, errors.New("no way") }

// namedString is a string type of its own, which the fast paths leave to
// encoding/json.
type namedString string

// assertLikeMarshal requires marshalJSON(v) to be json.Marshal(v), bytes
// and error.
func assertLikeMarshal(t *testing.T, v any) {
	t.Helper()
	want, wantErr := json.Marshal(v)
	got, err := marshalJSON(v)
	if wantErr != nil {
		require.Error(t, err, "json.Marshal fails with %v", wantErr)
		assert.Equal(t, wantErr.Error(), err.Error())
		return
	}
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func TestMarshalJSONMatchesEncodingJSON(t *testing.T) {
	for name, v := range map[string]any{
		"nil":               nil,
		"strings":           []any{"", "plain", `quote " backslash \ slash /`, "<a href='x'>&amp;</a>", "\x00\x01\x1f\x7f \b\f\n\r\t", "é ü 漢字 😀", "\u2028\u2029", "bad \xff\xfe utf8 \xc3", "trunc \xe2\x82"},
		"bools":             []any{true, false},
		"ints":              []any{0, -1, math.MaxInt64, math.MinInt64, int64(-42), int32(math.MinInt32), uint64(math.MaxUint64)},
		"floats":            []any{0.0, math.Copysign(0, -1), 1.0, -1.5, 1e20, 1e21, 1e-6, 1e-7, 123456789.125, 5e-324, math.MaxFloat64, 0.1 + 0.2},
		"float32s":          []any{float32(0), float32(1e20), float32(1e21), float32(1e-6), float32(1e-7), float32(3.4028235e38), float32(0.1)},
		"NaN":               []any{math.NaN()},
		"Inf":               map[string]any{"x": math.Inf(1)},
		"float32 Inf":       []any{float32(math.Inf(-1))},
		"numbers":           []any{json.Number(""), json.Number("0"), json.Number("-0.5e+10"), json.Number("12E3"), json.Number("1.0")},
		"bad number":        []any{json.Number("01")},
		"bad number 2":      []any{json.Number("1.")},
		"bad number 3":      []any{json.Number(" 1")},
		"objects":           map[string]any{"b": 1, "a": map[string]any{"z": nil, "<k>": "v", "": []any{}}, "ä": true, "A": "x", "\u2028": 0},
		"nil object":        map[string]any{"m": map[string]any(nil), "l": []any(nil), "s": map[string]string(nil), "ss": []string(nil), "ms": []map[string]any(nil)},
		"string maps":       map[string]any{"ml": map[string]string{"en": "<en>", "de": "ä", "fr": ""}, "list": []string{"a", "<b>", ""}},
		"object list":       []map[string]any{{"b": 2, "a": 1}, {}, nil},
		"empties":           []any{map[string]any{}, []any{}, map[string]string{}, []string{}, []map[string]any{}},
		"marshaler":         map[string]any{"m": marshalerValue{raw: ` { "b" : "<x>" , "a" : [ 1 , 2 ] } `}},
		"failing marshaler": map[string]any{"m": failingMarshaler{}},
		"raw message":       []any{json.RawMessage(`{"z":1,"a":"&"}`)},
		"data results":      []any{dataResult{map[string]any{"b": 1, "a": "<"}}, dataResult{}, dataResult{map[string]any{}}},
		"struct":            map[string]any{"p": paging{Limit: 2, Page: 1, RangeMin: 1, RangeMax: 2, TotalCount: 9, PageTotal: 5}},
		"time":              []any{time.Date(2025, 1, 19, 6, 57, 4, 5, time.UTC)},
		"named":             map[string]any{"n": namedString("<n>"), "i": uint8(7), "f": []float64{1.5}},
		"channel":           map[string]any{"c": make(chan int)},
		"deep":              map[string]any{"a": []any{map[string]any{"b": []any{map[string]any{"c": map[string]any{"e": 1, "d": []any{nil, "x"}}}}}}, "z": map[string]any{"y": 1}},
	} {
		t.Run(name, func(t *testing.T) { assertLikeMarshal(t, v) })
	}
}

// TestMarshalJSONEveryASCIIByte holds each ASCII byte (alone, and between
// other text) to encoding/json's escaping.
func TestMarshalJSONEveryASCIIByte(t *testing.T) {
	for b := range 0x80 {
		assertLikeMarshal(t, string(rune(b)))
		assertLikeMarshal(t, map[string]any{"k" + string(rune(b)) + "k": "a" + string(rune(b)) + "z"})
	}
}

// TestMarshalJSONKnownKeyOrder writes objects of the same size one after
// another, with the same keys, other keys and overlapping keys, so that
// the kept key order of an object size is used, found wrong and replaced.
func TestMarshalJSONKnownKeyOrder(t *testing.T) {
	object := func(keys ...string) map[string]any {
		m := map[string]any{}
		for i, k := range keys {
			m[k] = i
		}
		return m
	}
	letters := func(from byte) []string {
		var keys []string
		for i := range byte(minOrderedObject + 2) {
			keys = append(keys, string([]byte{from + i, from + i}))
		}
		return keys
	}
	var singles []any // one-member objects under more keys than are kept
	for i := range 3 * len(jsonEncoder{}.singles) {
		k := string(rune('a' + i%7))
		singles = append(singles, map[string]any{k: i}, map[string]string{k: "<" + k + ">"}, map[string]any{"": k})
	}
	assertLikeMarshal(t, singles)
	assertLikeMarshal(t, singles)
	a, b := letters('a'), letters('c') // b overlaps a but for two keys
	same := object(a...)
	for _, v := range []any{
		[]any{same, same, object(b...), object(a...), object(b...)},
		[]any{object(a...), map[string]any{"x": object(b...), "y": object(a...)}, object(append(a[1:], "zz")...)},
		[]any{object(a[:minOrderedObject-1]...), object(a[1:minOrderedObject]...), object(b[:minOrderedObject]...)},
	} {
		assertLikeMarshal(t, v)
		assertLikeMarshal(t, v) // again, with the orders kept from before
	}
}

// TestWriteJSONUnencodable answers a value encoding/json refuses with the
// simulator's 500 naming the failure, as before the fast writer.
func TestWriteJSONUnencodable(t *testing.T) {
	w := httptest.NewRecorder()
	writeJSON(w, http.StatusOK, map[string]any{"results": []any{map[string]any{"bad": math.NaN()}}})
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.Equal(t, strconv.Itoa(w.Body.Len()), w.Header().Get("Content-Length"))
	var m map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &m))
	assert.Equal(t, "could not encode the response: json: unsupported value: NaN", m["error"])
	assert.NotEmpty(t, m["request_id"])
}

// FuzzMarshalJSON builds answer-like trees from the fuzzer's bytes and
// holds marshalJSON to json.Marshal on them.
func FuzzMarshalJSON(f *testing.F) {
	f.Add([]byte("\x00\x01hello\x02\x03"))
	f.Add([]byte("\x05\x03\x01a\x00\x01b\x06\x02\x04\xff\xfe"))
	f.Add([]byte("\x07\x03\x08\x00\x00\x00\x00\x00\x00\xf0\x7f\x09<&>\u2028"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &fuzzTree{data: data}
		assertLikeMarshal(t, b.value(0))
	})
}

// fuzzTree turns fuzz bytes into a tree of the values the simulator's
// answers hold, plus some that take encoding/json's path.
type fuzzTree struct{ data []byte }

func (f *fuzzTree) byte() byte {
	if len(f.data) == 0 {
		return 0
	}
	b := f.data[0]
	f.data = f.data[1:]
	return b
}

func (f *fuzzTree) bytes(n int) []byte {
	n = min(n, len(f.data))
	b := f.data[:n]
	f.data = f.data[n:]
	return b
}

func (f *fuzzTree) str() string { return string(f.bytes(int(f.byte() % 24))) }

func (f *fuzzTree) u64() uint64 {
	var b [8]byte
	copy(b[:], f.bytes(8))
	return binary.LittleEndian.Uint64(b[:])
}

func (f *fuzzTree) value(depth int) any {
	kind := f.byte() % 17
	if depth > 6 && kind >= 10 {
		kind %= 10
	}
	switch kind {
	case 0:
		return nil
	case 1:
		return f.str()
	case 2:
		return f.byte()&1 == 1
	case 3:
		return int(f.u64())
	case 4:
		return int64(f.u64())
	case 5:
		return math.Float64frombits(f.u64())
	case 6:
		return math.Float32frombits(uint32(f.u64()))
	case 7:
		return json.Number(f.str())
	case 8:
		return namedString(f.str())
	case 9:
		return float64(int64(f.u64())) / float64(int64(f.byte())+1)
	case 10, 11:
		m := map[string]any{}
		for range f.byte() % 20 { // past minOrderedObject too
			m[f.str()] = f.value(depth + 1)
		}
		return m
	case 12, 13:
		var l []any
		if f.byte()&1 == 1 {
			l = []any{}
		}
		for range f.byte() % 8 {
			l = append(l, f.value(depth+1))
		}
		return l
	case 14:
		m := map[string]string{}
		for range f.byte() % 4 {
			m[f.str()] = f.str()
		}
		return m
	case 15:
		return []string{f.str(), f.str()}
	default:
		return marshalerValue{raw: string(json.RawMessage(strconv.Quote(f.str())))}
	}
}
