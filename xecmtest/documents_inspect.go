package xecmtest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
)

// StoredVersion describes one stored version of a document, for tests that
// check what reached the server.
type StoredVersion struct {
	Number int
	Size   int64
	// SHA256 is the hex digest of the stored bytes, computed afresh from
	// them when StoredVersions is called (not the digest noted on upload).
	SHA256 string
	// NotedSHA256 is the digest the server noted as the bytes arrived.
	NotedSHA256 string
}

// StoredVersions returns the versions of a document with digests of their
// bytes as stored, or nil when the node has no versions.
func (s *Server) StoredVersions(nodeID int64) []StoredVersion {
	s.mu.Lock()
	vs := append([]*docVersion(nil), s.docs.versions[nodeID]...)
	s.mu.Unlock()
	out := make([]StoredVersion, 0, len(vs))
	for _, v := range vs {
		sv := StoredVersion{Number: v.Number, Size: v.Content.size, NotedSHA256: v.Content.sha256}
		if r, err := v.Content.open(); err == nil {
			h := sha256.New()
			if n, err := io.Copy(h, r); err == nil && n == v.Content.size {
				sv.SHA256 = hex.EncodeToString(h.Sum(nil))
			}
			r.Close()
		}
		out = append(out, sv)
	}
	return out
}
