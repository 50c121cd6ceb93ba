package xecm

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// langStrings is a multilingual name or description map
// (name_multilingual, description_multilingual) as the server sends it:
// usually {} and otherwise a few plain language codes and texts. It decodes
// those forms from the bytes, without the generic map decoding, and hands
// anything else (escapes, non-string values, invalid UTF-8) to
// encoding/json, so the result is always encoding/json's.
type langStrings map[string]string

// UnmarshalJSON implements json.Unmarshaler with encoding/json's map
// semantics: null sets the map to nil, an object merges into it.
func (m *langStrings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*m = nil
		return nil
	}
	if len(b) >= 2 && b[0] == '{' && b[len(b)-1] == '}' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0 {
		if *m == nil {
			*m = langStrings{}
		}
		return nil
	}
	if m.decodeFlat(b) {
		return nil
	}
	return json.Unmarshal(b, (*map[string]string)(m))
}

// decodeFlat decodes an object of plain strings (no escapes, valid UTF-8)
// into m and reports whether b was one. On false, m may hold some of b's
// pairs, which encoding/json then decodes again to the same values.
func (m *langStrings) decodeFlat(b []byte) bool {
	if len(b) < 2 || b[0] != '{' {
		return false
	}
	rest := b[1:]
	for {
		key, r, ok := plainString(skipSpace(rest))
		if !ok {
			return false
		}
		r = skipSpace(r)
		if len(r) == 0 || r[0] != ':' {
			return false
		}
		val, r, ok := plainString(skipSpace(r[1:]))
		if !ok {
			return false
		}
		if *m == nil {
			*m = make(langStrings, 2)
		}
		(*m)[string(key)] = string(val)
		r = skipSpace(r)
		switch {
		case len(r) == 1 && r[0] == '}':
			return true
		case len(r) > 0 && r[0] == ',':
			rest = r[1:]
		default:
			return false
		}
	}
}

// plainString reads a JSON string without escapes at the start of b: its
// contents and the rest of b after it.
func plainString(b []byte) (s, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, nil, false
	}
	end := bytes.IndexByte(b[1:], '"')
	if end < 0 {
		return nil, nil, false
	}
	s = b[1 : 1+end]
	if bytes.IndexByte(s, '\\') >= 0 || !utf8.Valid(s) {
		return nil, nil, false
	}
	for _, c := range s {
		if c < 0x20 {
			return nil, nil, false // not valid JSON: encoding/json reports it
		}
	}
	return s, b[2+end:], true
}

func skipSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}
