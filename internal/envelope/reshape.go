package envelope

import "strings"

// reshape rewrites well-formed JSON so that every value at path (JSON
// names, array elements keeping their array's path) takes the shape the
// decoder expected: with toList, an object becomes a one-element array and
// {} an empty one; otherwise an array becomes its first element, or null
// when empty. It reports whether anything changed. It runs only after
// encoding/json has found the other shape, so the input is known valid.
func reshape(data []byte, path []string, toList bool) ([]byte, bool) {
	r := reshaper{in: data, out: make([]byte, 0, len(data)+16), path: path, toList: toList}
	end := r.value(0, 0, true, false)
	r.out = append(r.out, data[end:]...)
	return r.out, r.changed
}

type reshaper struct {
	in, out []byte
	path    []string
	toList  bool
	changed bool
}

func (r *reshaper) space(i int) int {
	for i < len(r.in) && (r.in[i] == ' ' || r.in[i] == '\t' || r.in[i] == '\n' || r.in[i] == '\r') {
		i++
	}
	return i
}

// value copies the value that starts at or after i and returns the index
// after it. depth names matched so far lie on the path when onPath; an
// array element is never the target itself, only what lies below it.
func (r *reshaper) value(i, depth int, onPath, element bool) int {
	j := r.space(i)
	r.out = append(r.out, r.in[i:j]...)
	i = j
	target := onPath && depth == len(r.path) && !element
	switch r.in[i] {
	case '{':
		if target && r.toList {
			end := r.skip(i)
			r.changed = true
			if r.space(i+1) == end-1 {
				r.out = append(r.out, "[]"...)
			} else {
				r.out = append(r.out, '[')
				r.out = append(r.out, r.in[i:end]...)
				r.out = append(r.out, ']')
			}
			return end
		}
		r.out = append(r.out, '{')
		for i++; ; {
			j := r.space(i)
			r.out = append(r.out, r.in[i:j]...)
			switch r.in[j] {
			case '}':
				r.out = append(r.out, '}')
				return j + 1
			case ',':
				r.out = append(r.out, ',')
				i = j + 1
				continue
			}
			kEnd := r.skipString(j)
			key := string(r.in[j+1 : kEnd-1])
			colon := r.space(kEnd)
			r.out = append(r.out, r.in[j:colon+1]...)
			next := onPath && depth < len(r.path) && strings.EqualFold(key, r.path[depth])
			i = r.value(colon+1, depth+1, next, false)
		}
	case '[':
		if target && !r.toList {
			end := r.skip(i)
			r.changed = true
			if j := r.space(i + 1); r.in[j] == ']' {
				r.out = append(r.out, "null"...)
			} else {
				r.out = append(r.out, r.in[j:r.skip(j)]...)
			}
			return end
		}
		r.out = append(r.out, '[')
		for i++; ; {
			j := r.space(i)
			r.out = append(r.out, r.in[i:j]...)
			switch r.in[j] {
			case ']':
				r.out = append(r.out, ']')
				return j + 1
			case ',':
				r.out = append(r.out, ',')
				i = j + 1
				continue
			}
			i = r.value(j, depth, onPath, true)
		}
	default:
		end := r.skip(i)
		r.out = append(r.out, r.in[i:end]...)
		return end
	}
}

// skip returns the index after the value that starts at i.
func (r *reshaper) skip(i int) int {
	switch r.in[i] {
	case '"':
		return r.skipString(i)
	case '{', '[':
		depth := 0
		for ; i < len(r.in); i++ {
			switch r.in[i] {
			case '"':
				i = r.skipString(i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return i
	default:
		for i < len(r.in) && !strings.ContainsRune(",}] \t\r\n", rune(r.in[i])) {
			i++
		}
		return i
	}
}

// skipString returns the index after the string that starts at i.
func (r *reshaper) skipString(i int) int {
	for i++; i < len(r.in); i++ {
		switch r.in[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}
