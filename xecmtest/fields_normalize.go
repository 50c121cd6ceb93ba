package xecmtest

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// An answer to a request with "fields" is written as decoding its JSON
// and encoding it again would write it (answerFieldsAndMetadata holds it
// to what it answers that way): the members of objects that were structs
// (a paging block) then come in key order. normalizeJSON writes those
// bytes from the JSON directly, for the JSON it can tell about.

// encodedJSON is an answer already written as JSON, written as it is.
type encodedJSON []byte

// MarshalJSON returns j itself, for a path that reaches it through
// encoding/json rather than writeJSON.
func (j encodedJSON) MarshalJSON() ([]byte, error) { return j, nil }

// normalizeJSON appends to dst what json.Marshal writes for the value
// that decoding src (compact JSON as json.Marshal writes it) with
// UseNumber gives: src with the members of each object in key order,
// strings, numbers and literals as they are. It reports false, leaving
// the answer to a real decode, for what it does not handle: keys with
// escapes, strings that decoding and encoding again would change (an
// escape json.Marshal does not write, invalid UTF-8, a raw U+2028),
// duplicate keys, whitespace, anything malformed.
func normalizeJSON(dst, src []byte) ([]byte, bool) {
	n := normalizer{src: src}
	dst, ok := n.value(dst)
	return dst, ok && n.i == len(src)
}

// normalizer reads src from i.
type normalizer struct {
	src []byte
	i   int
}

// value appends the value at n.i.
func (n *normalizer) value(dst []byte) ([]byte, bool) {
	if n.i >= len(n.src) {
		return dst, false
	}
	switch c := n.src[n.i]; {
	case c == '{':
		return n.object(dst)
	case c == '[':
		return n.array(dst)
	case c == '"':
		start := n.i
		if !n.canonicalString() {
			return dst, false
		}
		return append(dst, n.src[start:n.i]...), true
	case c == '-' || '0' <= c && c <= '9':
		start := n.i
		for n.i < len(n.src) && strings.IndexByte("+-.0123456789eE", n.src[n.i]) >= 0 {
			n.i++
		}
		if !isJSONNumber(string(n.src[start:n.i])) {
			return dst, false
		}
		return append(dst, n.src[start:n.i]...), true
	}
	for _, lit := range []string{"true", "false", "null"} {
		if strings.HasPrefix(string(n.src[n.i:min(n.i+5, len(n.src))]), lit) {
			n.i += len(lit)
			return append(dst, lit...), true
		}
	}
	return dst, false
}

// array appends the array at n.i.
func (n *normalizer) array(dst []byte) ([]byte, bool) {
	n.i++ // [
	dst = append(dst, '[')
	for first := true; ; first = false {
		if n.i < len(n.src) && n.src[n.i] == ']' && first {
			n.i++
			return append(dst, ']'), true
		}
		if !first {
			dst = append(dst, ',')
		}
		var ok bool
		if dst, ok = n.value(dst); !ok || n.i >= len(n.src) {
			return dst, false
		}
		switch n.src[n.i] {
		case ',':
			n.i++
		case ']':
			n.i++
			return append(dst, ']'), true
		default:
			return dst, false
		}
	}
}

// object appends the object at n.i with its members in key order. Most
// objects come sorted (maps); they are written as they are read, and an
// object found out of order (a struct's) is written again, sorted.
func (n *normalizer) object(dst []byte) ([]byte, bool) {
	start, dstStart := n.i, len(dst)
	dst, sorted, ok := n.members(dst, nil)
	if !ok || sorted {
		return dst, ok
	}
	n.i = start
	var members []normalMember
	var buf []byte
	if buf, _, ok = n.members(buf, &members); !ok {
		return dst, false
	}
	slices.SortFunc(members, func(a, b normalMember) int { return strings.Compare(a.key, b.key) })
	dst = append(dst[:dstStart], '{')
	for i, m := range members {
		if i > 0 {
			if m.key == members[i-1].key {
				return dst, false // a duplicate: decoding keeps the last
			}
			dst = append(dst, ',')
		}
		dst = append(dst, buf[m.from:m.to]...)
	}
	return append(dst, '}'), true
}

// normalMember is a member of an object being sorted: its key and where
// `"key":value` was written.
type normalMember struct {
	key      string
	from, to int
}

// members reads the object at n.i, appending its members to dst in the
// order read and reporting whether the keys came in increasing order.
// With collect set, it notes each member in *collect and reads on past
// keys out of order.
func (n *normalizer) members(dst []byte, collect *[]normalMember) ([]byte, bool, bool) {
	n.i++ // {
	dst = append(dst, '{')
	sorted, prev := true, ""
	for first := true; ; first = false {
		if n.i < len(n.src) && n.src[n.i] == '}' && first {
			n.i++
			return append(dst, '}'), sorted, true
		}
		if !first && collect == nil {
			dst = append(dst, ',')
		}
		from := len(dst)
		keyStart := n.i
		if n.i >= len(n.src) || n.src[n.i] != '"' || !n.canonicalString() {
			return dst, false, false
		}
		rawKey := n.src[keyStart:n.i]
		if slices.Contains(rawKey, '\\') || n.i >= len(n.src) || n.src[n.i] != ':' {
			return dst, false, false // a key that is not its own text
		}
		key := string(rawKey[1 : len(rawKey)-1])
		if !first && key <= prev {
			sorted = false
			if collect == nil {
				return dst, false, true
			}
		}
		prev = key
		n.i++ // :
		dst = append(append(dst, rawKey...), ':')
		var ok bool
		if dst, ok = n.value(dst); !ok || n.i >= len(n.src) {
			return dst, false, false
		}
		if collect != nil {
			*collect = append(*collect, normalMember{key, from, len(dst)})
		}
		switch n.src[n.i] {
		case ',':
			n.i++
		case '}':
			n.i++
			return append(dst, '}'), sorted, true
		default:
			return dst, false, false
		}
	}
}

// canonicalString moves n.i past the string at n.i and reports whether
// decoding and encoding it again gives the same bytes: its escapes are
// those json.Marshal writes (\" \\ \b \f \n \r \t, \u00XX for control
// bytes and < > &, \u2028, \u2029) and the rest is valid UTF-8 that needs
// none.
func (n *normalizer) canonicalString() bool {
	n.i++ // "
	for n.i < len(n.src) {
		c := n.src[n.i]
		switch {
		case c == '"':
			n.i++
			return true
		case c == '\\':
			if !n.canonicalEscape() {
				return false
			}
		case c < utf8.RuneSelf:
			if !jsonPlain[c] {
				return false // a raw control byte, or < > & that json.Marshal escapes
			}
			n.i++
		default:
			r, size := utf8.DecodeRune(n.src[n.i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				return false
			}
			n.i += size
		}
	}
	return false
}

// canonicalEscape moves n.i past the escape at n.i and reports whether
// json.Marshal writes that character so.
func (n *normalizer) canonicalEscape() bool {
	if n.i+1 >= len(n.src) {
		return false
	}
	switch n.src[n.i+1] {
	case '"', '\\', 'b', 'f', 'n', 'r', 't':
		n.i += 2
		return true
	case 'u':
		if n.i+6 > len(n.src) {
			return false
		}
		hex := string(n.src[n.i+2 : n.i+6])
		n.i += 6
		switch {
		case hex == "2028" || hex == "2029" || hex == "003c" || hex == "003e" || hex == "0026":
			return true
		case strings.HasPrefix(hex, "00") && strings.IndexByte(hexDigits[:2], hex[2]) >= 0 && strings.IndexByte(hexDigits, hex[3]) >= 0:
			// \u0000 to \u001f, but for the five with a short escape
			switch hex {
			case "0008", "000c", "000a", "000d", "0009":
				return false
			}
			return true
		}
	}
	return false
}
