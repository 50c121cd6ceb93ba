// Package jsonread reads JSON of a known shape straight from its bytes, for
// the SDK's hot decoding path (pages of nodes), where the general engine
// spends most of its time tokenizing and looking up member names by hash.
//
// A Reader never says why it stopped: it declines. Whatever it does not
// handle exactly as encoding/json would (an escaped or non-lower-case member
// name, a value of an unexpected type, a number out of range, nesting
// deeper than maxDepth, malformed text) makes Failed report true, and the
// caller decodes the same bytes with the general decoder, which then gives
// the value or the error that encoding/json gives. What a Reader accepts it
// has read whole and validated, skipped values included.
package jsonread

import (
	"bytes"
	"sync"
	"unicode/utf8"

	json "github.com/go-json-experiment/json/v1"
)

// maxDepth bounds the nesting a Reader skips through; deeper text is left
// to the general decoder.
const maxDepth = 512

// Reader reads one JSON text. Its zero value is not usable; see New.
type Reader struct {
	data   []byte
	pos    int
	first  bool // the object or array just opened has had no member yet
	failed bool
	short  *shortStrings
}

// New returns a Reader over data, which it never changes or keeps beyond
// the strings it returns (those are copies). Call Release when done.
func New(data []byte) *Reader { return &Reader{data: data} }

// Release hands back what the Reader borrowed; the strings it returned
// stay valid.
func (r *Reader) Release() {
	if r.short != nil {
		shortPool.Put(r.short)
		r.short = nil
	}
}

// shortStrings remembers short strings already made, so that the values a
// page repeats in every item ("Document", "application/pdf") are made
// once: one allocation saved per value, as the json/v2 engine does.
type shortStrings [256]string

// maxShort is the longest string remembered.
const maxShort = 16

var shortPool = sync.Pool{New: func() any { return new(shortStrings) }}

// makeString returns b as a string, the remembered one when b is short.
func (r *Reader) makeString(b []byte) string {
	if len(b) == 0 || len(b) > maxShort {
		return string(b)
	}
	if r.short == nil {
		r.short = shortPool.Get().(*shortStrings)
	}
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	s := &r.short[h%uint32(len(r.short))]
	if *s != string(b) { // compared without allocating
		*s = string(b)
	}
	return *s
}

// Fail makes the Reader decline: the caller found something it does not
// handle.
func (r *Reader) Fail() { r.failed = true; r.pos = len(r.data) }

// Failed reports whether the Reader declined.
func (r *Reader) Failed() bool { return r.failed }

// End reports whether the text was read whole, with only white space
// after it, and nothing was declined.
func (r *Reader) End() bool {
	r.space()
	return !r.failed && r.pos == len(r.data)
}

func (r *Reader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\n', '\r', '\t':
			r.pos++
		default:
			return
		}
	}
}

// Peek returns the first byte of the next value (after white space), or 0
// at the end.
func (r *Reader) Peek() byte {
	r.space()
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

// Null reads a null if one comes next and reports whether it did.
func (r *Reader) Null() bool {
	if r.Peek() == 'n' && r.literal("null") {
		return true
	}
	return false
}

// literal consumes lit, which must come next.
func (r *Reader) literal(lit string) bool {
	if len(r.data)-r.pos >= len(lit) && string(r.data[r.pos:r.pos+len(lit)]) == lit {
		r.pos += len(lit)
		return true
	}
	r.Fail()
	return false
}

// Object opens the object that must come next; Member then walks it.
func (r *Reader) Object() bool {
	if r.Peek() != '{' {
		r.Fail()
		return false
	}
	r.pos++
	r.first = true
	return true
}

// Member reads the name of the next member of the object being walked and
// the colon after it. It returns false after the closing brace, or when
// the Reader declined. A name with an escape sequence is declined: the
// caller compares names byte for byte.
func (r *Reader) Member() (name []byte, ok bool) {
	if !r.next('}') {
		return nil, false
	}
	if r.Peek() != '"' {
		r.Fail()
		return nil, false
	}
	start := r.pos + 1
	end := bytes.IndexByte(r.data[start:], '"')
	if end < 0 {
		r.Fail()
		return nil, false
	}
	name = r.data[start : start+end]
	for _, c := range name {
		if c < 0x20 || c == '\\' {
			r.Fail()
			return nil, false
		}
	}
	r.pos = start + end + 1
	if r.Peek() != ':' {
		r.Fail()
		return nil, false
	}
	r.pos++
	return name, true
}

// Array opens the array that must come next; Element then walks it.
func (r *Reader) Array() bool {
	if r.Peek() != '[' {
		r.Fail()
		return false
	}
	r.pos++
	r.first = true
	return true
}

// Element reports whether another element of the array being walked
// follows (and consumes the comma before it); false after the closing
// bracket, or when the Reader declined.
func (r *Reader) Element() bool { return r.next(']') }

// next moves past the comma before the next member or element, or past
// the closing byte, reporting whether a member or element follows.
func (r *Reader) next(closing byte) bool {
	if r.failed {
		return false
	}
	c := r.Peek()
	if r.first {
		r.first = false
		if c == closing {
			r.pos++
			return false
		}
		return c != 0 || r.fail()
	}
	switch c {
	case ',':
		r.pos++
		return true
	case closing:
		r.pos++
		return false
	}
	return r.fail()
}

func (r *Reader) fail() bool { r.Fail(); return false }

// Unknown skips the value of a member whose name the caller does not know.
// A name that encoding/json could match to a known one without case (any
// upper-case or non-ASCII byte) is declined.
func (r *Reader) Unknown(name []byte) {
	for _, c := range name {
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			r.Fail()
			return
		}
	}
	r.Skip()
}

// Skip reads and validates the next value, whatever it is.
func (r *Reader) Skip() { r.value(0) }

// Raw reads and validates the next value and returns its bytes, as
// encoding/json hands them to an UnmarshalJSON method. The bytes alias the
// input.
func (r *Reader) Raw() []byte {
	r.space()
	start := r.pos
	r.value(0)
	if r.failed {
		return nil
	}
	return r.data[start:r.pos]
}

func (r *Reader) value(depth int) {
	switch c := r.Peek(); {
	case c == '"':
		r.str()
	case c == '{':
		if depth >= maxDepth {
			r.Fail()
			return
		}
		r.Object()
		for {
			if _, ok := r.Member(); !ok {
				return
			}
			r.value(depth + 1)
		}
	case c == '[':
		if depth >= maxDepth {
			r.Fail()
			return
		}
		r.Array()
		for r.Element() {
			r.value(depth + 1)
		}
	case c == 't':
		r.literal("true")
	case c == 'f':
		r.literal("false")
	case c == 'n':
		r.literal("null")
	case c == '-' || ('0' <= c && c <= '9'):
		r.number()
	default:
		r.Fail()
	}
}

// String decodes the next value into dst as encoding/json does: a string
// is stored, null leaves dst as it was, anything else is declined.
func (r *Reader) String(dst *string) {
	switch r.Peek() {
	case '"':
	case 'n':
		r.literal("null")
		return
	default:
		r.Fail()
		return
	}
	start := r.pos
	plain := r.str()
	if r.failed {
		return
	}
	body := r.data[start+1 : r.pos-1]
	if plain || (!bytes.ContainsRune(body, '\\') && utf8.Valid(body)) {
		*dst = r.makeString(body)
		return
	}
	// Escapes and invalid UTF-8 are rare: the general decoder has the
	// exact rules (surrogate pairs, U+FFFD).
	if json.Unmarshal(r.data[start:r.pos], dst) != nil {
		r.Fail()
	}
}

// Bool decodes the next value into dst: true or false is stored, null
// leaves dst as it was, anything else is declined.
func (r *Reader) Bool(dst *bool) {
	switch r.Peek() {
	case 't':
		if r.literal("true") {
			*dst = true
		}
	case 'f':
		if r.literal("false") {
			*dst = false
		}
	case 'n':
		r.literal("null")
	default:
		r.Fail()
	}
}

// Int decodes the next value into dst: an integer that fits is stored,
// null leaves dst as it was, anything else (a fraction, an exponent, a
// string) is declined, as encoding/json refuses it for an int.
func (r *Reader) Int(dst *int) {
	if r.Null() || r.failed {
		return
	}
	raw := r.Raw()
	if r.failed {
		return
	}
	v, ok := ParseInt(raw)
	if !ok || int64(int(v)) != v {
		r.Fail()
		return
	}
	*dst = int(v)
}

// ParseInt reads a plain JSON integer such as 2000 or -2000 of at most 18
// digits (so that it cannot overflow); anything else reports false.
func ParseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 || (b[0] == '0' && len(b) > 1) {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// str reads the string that starts at pos, validating it, and reports
// whether it is plain: printable ASCII without escapes, so that its bytes
// are its value.
func (r *Reader) str() (plain bool) {
	plain = true
	i := r.pos + 1
	for i < len(r.data) {
		c := r.data[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return plain
		case c == '\\':
			plain = false
			n := escapeLen(r.data[i:])
			if n == 0 {
				r.Fail()
				return false
			}
			i += n
			continue
		case c < 0x20:
			r.Fail()
			return false
		case c >= utf8.RuneSelf:
			plain = false
		}
		i++
	}
	r.Fail()
	return false
}

// escapeLen is the length of the valid escape sequence at the start of b,
// or 0.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		for _, c := range b[2:6] {
			if !isHex(c) {
				return 0
			}
		}
		return 6
	}
	return 0
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// number reads and validates the JSON number that starts at pos.
func (r *Reader) number() {
	i := r.pos
	if i < len(r.data) && r.data[i] == '-' {
		i++
	}
	switch {
	case i < len(r.data) && r.data[i] == '0':
		i++
	case i < len(r.data) && '1' <= r.data[i] && r.data[i] <= '9':
		i = r.digits(i)
	default:
		r.Fail()
		return
	}
	if i < len(r.data) && r.data[i] == '.' {
		j := r.digits(i + 1)
		if j == i+1 {
			r.Fail()
			return
		}
		i = j
	}
	if i < len(r.data) && (r.data[i] == 'e' || r.data[i] == 'E') {
		i++
		if i < len(r.data) && (r.data[i] == '+' || r.data[i] == '-') {
			i++
		}
		j := r.digits(i)
		if j == i {
			r.Fail()
			return
		}
		i = j
	}
	r.pos = i
}

func (r *Reader) digits(i int) int {
	for i < len(r.data) && '0' <= r.data[i] && r.data[i] <= '9' {
		i++
	}
	return i
}
