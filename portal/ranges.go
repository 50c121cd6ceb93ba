package portal

import (
	"strconv"
	"strings"
)

// byteRange is a satisfiable range of content: length bytes from start.
type byteRange struct {
	start, length int64
}

// rangeVerdict is what a Range header asks for.
type rangeVerdict int

const (
	rangeNone          rangeVerdict = iota // no usable Range: send everything (200)
	rangeOne                               // one satisfiable range (206)
	rangeUnsatisfiable                     // 416
)

// parseRange reads a Range header against content of the given size. Only
// a single range is honoured; several ranges, other units and malformed
// headers are ignored (the whole content is sent), as RFC 9110 allows, so
// that a reader cannot make the portal open the content many times per
// request.
func parseRange(h string, size int64) (byteRange, rangeVerdict) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return byteRange{}, rangeNone
	}
	first, last, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok {
		return byteRange{}, rangeNone
	}
	if first == "" { // suffix: the last n bytes
		n, err := parseDigits(last)
		if err != nil {
			return byteRange{}, rangeNone
		}
		if n == 0 || size == 0 {
			return byteRange{}, rangeUnsatisfiable
		}
		n = min(n, size)
		return byteRange{start: size - n, length: n}, rangeOne
	}
	start, err := parseDigits(first)
	if err != nil {
		return byteRange{}, rangeNone
	}
	end := size - 1
	if last != "" {
		e, err := parseDigits(last)
		if err != nil || e < start {
			return byteRange{}, rangeNone
		}
		end = min(e, size-1)
	}
	if start >= size {
		return byteRange{}, rangeUnsatisfiable
	}
	return byteRange{start: start, length: end - start + 1}, rangeOne
}

// parseDigits reads a non-negative decimal number of digits only (no sign,
// no spaces), as RFC 9110 writes byte positions.
func parseDigits(s string) (int64, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseInt(s, 10, 64)
}
