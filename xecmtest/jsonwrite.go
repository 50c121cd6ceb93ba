package xecmtest

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The simulator's answers are trees of map[string]any, []any and plain
// values. encoding/json spends most of a large answer on reflection and
// on sorting map keys through reflect.Value; jsonEncoder walks those
// trees with a type switch instead and writes exactly the bytes
// json.Marshal writes for them (keys sorted, <, > and & escaped as
// \u003c..., U+2028 and U+2029 escaped, invalid UTF-8 as \ufffd, floats
// in the ES6 form). Any other type (structs, time.Time, json.Marshaler
// values, named types) is handed to json.Marshal, so the two can only
// differ where a fast path below is wrong; jsonwrite_test.go holds them
// equal with table and fuzz tests.

// jsonEncoder appends JSON to buf. kvs is a stack of the members of the
// objects being written (each object sorts its members in its own range
// of it), so that nested objects need no allocation of their own.
type jsonEncoder struct {
	buf []byte
	kvs []jsonMember
	// singles holds the keys of the last one-member objects and string
	// maps written ("data", "properties", "en"): a member found under one
	// of them is the only one, so no iteration is started for it.
	singles [4]string
	nsingle int // the filled entries of singles; the next to replace
	// orders holds, by member count, the sorted keys of the last object of
	// that many members sorted from scratch. The node properties of a
	// listing share one key set, so most objects are written in a known
	// order after as many lookups as members, without sorting.
	orders map[int][]string
}

// minOrderedObject is the smallest object whose key order is kept in
// jsonEncoder.orders; smaller ones sort faster than they are looked up.
const minOrderedObject = 12

// jsonMember is one member of an object being written.
type jsonMember struct {
	key string
	val any
}

// jsonEncoders recycles encoders and their buffers between answers.
var jsonEncoders = sync.Pool{New: func() any { return new(jsonEncoder) }}

// maxPooledJSON is the largest buffer kept for reuse; larger ones (a huge
// answer) are left to the garbage collector.
const maxPooledJSON = 4 << 20

// marshalJSON returns the JSON encoding of v, byte for byte what
// json.Marshal returns (and its error). The result is a fresh slice.
func marshalJSON(v any) ([]byte, error) {
	e := jsonEncoders.Get().(*jsonEncoder)
	defer e.release()
	if err := e.value(v); err != nil {
		return nil, err
	}
	return slices.Clone(e.buf), nil
}

// release empties e and returns it to the pool.
func (e *jsonEncoder) release() {
	if cap(e.buf) > maxPooledJSON {
		return
	}
	e.buf = e.buf[:0]
	clear(e.kvs[:cap(e.kvs)])
	e.kvs = e.kvs[:0]
	jsonEncoders.Put(e)
}

// value appends v.
func (e *jsonEncoder) value(v any) error {
	switch t := v.(type) {
	case nil:
		e.buf = append(e.buf, "null"...)
	case string:
		e.buf = appendJSONString(e.buf, t)
	case bool:
		e.buf = strconv.AppendBool(e.buf, t)
	case int:
		e.buf = strconv.AppendInt(e.buf, int64(t), 10)
	case int64:
		e.buf = strconv.AppendInt(e.buf, t, 10)
	case int32:
		e.buf = strconv.AppendInt(e.buf, int64(t), 10)
	case uint64:
		e.buf = strconv.AppendUint(e.buf, t, 10)
	case float64:
		return e.float(t, 64)
	case float32:
		return e.float(float64(t), 32)
	case json.Number:
		return e.number(t)
	case map[string]any:
		return e.object(t)
	case []any:
		return e.array(t)
	case *nodeProps:
		return e.props(t)
	case dataResult:
		e.buf = append(e.buf, `{"data":`...)
		if err := e.object(t.Data); err != nil {
			return err
		}
		e.buf = append(e.buf, '}')
	case map[string]string:
		e.stringMap(t)
	case []string:
		e.stringList(t)
	case []map[string]any:
		if t == nil {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		e.buf = append(e.buf, '[')
		for i, m := range t {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if err := e.object(m); err != nil {
				return err
			}
		}
		e.buf = append(e.buf, ']')
	default:
		return e.marshal(v)
	}
	return nil
}

// marshal appends v as encoding/json writes it: the fallback for every
// type without a fast path, and for values a fast path leaves to it.
func (e *jsonEncoder) marshal(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	e.buf = append(e.buf, b...)
	return nil
}

// object appends m with its members sorted by key.
func (e *jsonEncoder) object(m map[string]any) error {
	if m == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	if len(m) == 1 { // {"data": ...}, {"properties": ...}: nothing to sort
		k, v := single(e, m)
		e.buf = append(appendJSONString(append(e.buf, '{'), k), ':')
		if err := e.value(v); err != nil {
			return err
		}
		e.buf = append(e.buf, '}')
		return nil
	}
	base := len(e.kvs)
	if !e.knownOrder(m) {
		for k, v := range m {
			e.kvs = append(e.kvs, jsonMember{k, v})
		}
		slices.SortFunc(e.kvs[base:], func(a, b jsonMember) int { return cmp.Compare(a.key, b.key) })
		e.keepOrder(e.kvs[base:])
	}
	e.buf = append(e.buf, '{')
	// Nested objects push above base+len(m) and pop again, so the range
	// of this object stays put (e.kvs may move, hence the indexing).
	for i := base; i < base+len(m); i++ {
		if i > base {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendJSONString(e.buf, e.kvs[i].key)
		e.buf = append(e.buf, ':')
		if err := e.value(e.kvs[i].val); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, '}')
	e.kvs = e.kvs[:base] // cleared in release
	return nil
}

// single returns the one member of m (len(m) == 1), looking it up under
// the keys of the last ones before iterating m for it.
func single[V any](e *jsonEncoder, m map[string]V) (string, V) {
	for _, k := range e.singles[:min(e.nsingle, len(e.singles))] {
		if v, ok := m[k]; ok {
			return k, v
		}
	}
	for k, v := range m {
		e.singles[e.nsingle%len(e.singles)] = k
		e.nsingle++
		return k, v
	}
	panic("xecmtest: single called on an empty map")
}

// knownOrder pushes the members of m onto e.kvs in the key order kept
// for objects of its size and reports true when that order holds all of
// m's keys: then, as the keys are distinct and as many as m's, they are
// exactly m's keys, sorted. Otherwise e.kvs is left as it was.
func (e *jsonEncoder) knownOrder(m map[string]any) bool {
	order := e.orders[len(m)]
	if order == nil {
		return false
	}
	base := len(e.kvs)
	for _, k := range order {
		v, ok := m[k]
		if !ok {
			e.kvs = e.kvs[:base]
			return false
		}
		e.kvs = append(e.kvs, jsonMember{k, v})
	}
	return true
}

// keepOrder keeps the sorted keys of members for objects of their size.
func (e *jsonEncoder) keepOrder(members []jsonMember) {
	if len(members) < minOrderedObject {
		return
	}
	if e.orders == nil {
		e.orders = map[int][]string{}
	}
	order := e.orders[len(members)][:0]
	for _, m := range members {
		order = append(order, m.key)
	}
	e.orders[len(members)] = order
}

// array appends a.
func (e *jsonEncoder) array(a []any) error {
	if a == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	e.buf = append(e.buf, '[')
	for i, v := range a {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if err := e.value(v); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, ']')
	return nil
}

// stringMap appends m with its members sorted by key.
func (e *jsonEncoder) stringMap(m map[string]string) {
	if m == nil {
		e.buf = append(e.buf, "null"...)
		return
	}
	if len(m) == 1 { // as name_multilingual mostly is
		k, v := single(e, m)
		e.buf = append(appendJSONString(append(e.buf, '{'), k), ':')
		e.buf = append(appendJSONString(e.buf, v), '}')
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.buf = append(e.buf, '{')
	for i, k := range keys {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendJSONString(e.buf, k)
		e.buf = append(e.buf, ':')
		e.buf = appendJSONString(e.buf, m[k])
	}
	e.buf = append(e.buf, '}')
}

// stringList appends l.
func (e *jsonEncoder) stringList(l []string) {
	if l == nil {
		e.buf = append(e.buf, "null"...)
		return
	}
	e.buf = append(e.buf, '[')
	for i, s := range l {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendJSONString(e.buf, s)
	}
	e.buf = append(e.buf, ']')
}

// float appends f as encoding/json does: like ES6's number to string,
// %f between 1e-6 and 1e21 and %e (with exponents unpadded) outside.
// NaN and the infinities are json.Marshal's error.
func (e *jsonEncoder) float(f float64, bits int) error {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if bits == 32 {
			return e.marshal(float32(f))
		}
		return e.marshal(f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	if format == 'e' {
		// e-09 is written e-9.
		if n := len(e.buf); n >= 4 && e.buf[n-4] == 'e' && e.buf[n-3] == '-' && e.buf[n-2] == '0' {
			e.buf[n-2] = e.buf[n-1]
			e.buf = e.buf[:n-1]
		}
	}
	return nil
}

// number appends n as it is; the empty Number is 0, and anything not a
// JSON number is left to json.Marshal (which refuses it).
func (e *jsonEncoder) number(n json.Number) error {
	switch {
	case n == "":
		e.buf = append(e.buf, '0')
	case isJSONNumber(string(n)):
		e.buf = append(e.buf, n...)
	default:
		return e.marshal(n)
	}
	return nil
}

// isJSONNumber reports whether s follows the number grammar of RFC 8259
// (section 6): -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func isJSONNumber(s string) bool {
	digits := func(i int) int { // the index after the digits at i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i
	}
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i = digits(i + 1)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

// jsonPlain marks the ASCII bytes written into a JSON string as they are
// by encoding/json (with its HTML escaping): all printable ones but ", \,
// <, > and &.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = true
	}
	for _, b := range `"\<>&` {
		t[b] = false
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string the way encoding/json
// writes it.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if jsonPlain[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default: // other control bytes, <, > and &
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
