package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// checkDigests returns the versions of document id with every SHA256 in
// lower case, and every one that is not 64 hex digits cleared (and
// logged): it goes into ETags and listings, where a quote would end the
// entity-tag, a comma split an If-None-Match list, and any other text
// would claim a digest nobody computed. The Source's slice is never
// changed: the copy is made at the first change.
func (h *Handler) checkDigests(id int64, vs []VersionInfo) []VersionInfo {
	copied := false
	for i := range vs {
		digest, ok := normalDigest(vs[i].SHA256)
		if digest == vs[i].SHA256 {
			continue
		}
		if !ok {
			h.log.Warn("portal: source gave a malformed SHA-256; serving the version without it",
				"document", id, "version", vs[i].Number, "length", len(vs[i].SHA256), "sha256", truncate(vs[i].SHA256, 80))
		}
		if !copied {
			vs, copied = slices.Clone(vs), true
		}
		vs[i].SHA256 = digest
	}
	return vs
}

// normalDigest returns a hex SHA-256 digest in lower case, or "" and
// false if s is not one ("" is fine: no digest).
func normalDigest(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	if b, err := hex.DecodeString(s); err != nil || len(b) != sha256.Size {
		return "", false
	}
	return strings.ToLower(s), true
}

// truncate cuts s to at most n bytes, for logs.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
