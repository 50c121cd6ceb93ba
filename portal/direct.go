package portal

import (
	"net/http"
	"strconv"
)

// serveDirect answers /documents/{id} and /documents/{id}/versions/{version}.
func (h *Handler) serveDirect(w http.ResponseWriter, r *http.Request) {
	id, ok := pathNumber(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "not found")
		return
	}
	number := 0
	if s := r.PathValue("version"); s != "" {
		n, ok := pathNumber(s)
		if !ok || n > maxVersionNumber {
			writeError(w, http.StatusNotFound, "not_found", "not found")
			return
		}
		number = int(n)
	}
	pub, err := h.resolve(r.Context(), id, number)
	if err != nil {
		h.upstreamFailure(w, r, err, "resolving", id, number)
		return
	}
	if !allowRead(w, r) {
		return
	}
	abortBroken(h.serveVersion(w, r, pub))
}

// maxVersionNumber bounds version numbers read from paths.
const maxVersionNumber = 1 << 30

// pathNumber reads a positive decimal ID from a path segment: digits only,
// no sign, no leading zeros.
func pathNumber(s string) (int64, bool) {
	if s == "" || len(s) > 19 || s[0] == '0' {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}
