package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/xecm-go/xecm"
)

// HMACHeader verifies a hex HMAC-SHA256 of the raw body carried in one
// header, the scheme of GitHub ("X-Hub-Signature-256: sha256=<hex>") and
// of many custom senders, such as an Extended ECM event script written in
// house. It is safe for concurrent use.
//
// The signature covers the body only: neither the delivery ID nor a
// timestamp. So replays cannot be refused by age, and duplicate detection,
// their only defence, keys on the SHA-256 of the body (Delivery.DedupKey),
// not on the ID header, which whoever replays a captured delivery can
// change at will. The body digest rather than the signature: a sender's
// retries share it even across a rotation of secrets, and it is no
// signature material for logs and shared stores. Two consequences: a replay
// after the Handler's dedup TTL is accepted, the TTL being this scheme's
// whole replay window; and byte-identical bodies within the TTL are one
// delivery, so a sender whose distinct events can repeat a body must put
// something unique (an event ID, a time) in it. Prefer Verifier where the
// sender can do Standard Webhooks.
type HMACHeader struct {
	signatureHeader string
	prefix          string
	idHeader        string
	keys            [][]byte
}

// HMACHeaderConfig describes an HMACHeader scheme.
type HMACHeaderConfig struct {
	// SignatureHeader carries the signature. If empty, "X-Hub-Signature-256".
	SignatureHeader string
	// Prefix comes before the hex digest. If empty, "sha256="; use
	// NoPrefix for a bare digest.
	Prefix string
	// IDHeader carries the delivery ID, given to the event function as
	// xecm.Event.ID. It is not signed, so duplicate detection does not use
	// it. If empty, "X-GitHub-Delivery".
	IDHeader string
	// Secrets are the shared secrets, used as they are (not base64); any
	// of them may match, for rotation. At least one, none empty.
	Secrets []string
}

// NoPrefix in HMACHeaderConfig.Prefix means the header holds only the digest.
const NoPrefix = "-"

// NewHMACHeader returns the scheme cfg describes, or an error wrapping
// ErrNoSecret (and xecm.ErrInvalidArgument) without a usable secret.
func NewHMACHeader(cfg HMACHeaderConfig) (*HMACHeader, error) {
	if len(cfg.Secrets) == 0 {
		return nil, fmt.Errorf("webhook: NewHMACHeader: %w: %w", ErrNoSecret, xecm.ErrInvalidArgument)
	}
	s := &HMACHeader{signatureHeader: cfg.SignatureHeader, prefix: cfg.Prefix, idHeader: cfg.IDHeader}
	if s.signatureHeader == "" {
		s.signatureHeader = "X-Hub-Signature-256"
	}
	switch s.prefix {
	case "":
		s.prefix = "sha256="
	case NoPrefix:
		s.prefix = ""
	}
	if s.idHeader == "" {
		s.idHeader = "X-GitHub-Delivery"
	}
	for i, sec := range cfg.Secrets {
		if sec == "" {
			return nil, fmt.Errorf("webhook: NewHMACHeader: secret %d of %d: %w: %w", i+1, len(cfg.Secrets), ErrNoSecret, xecm.ErrInvalidArgument)
		}
		s.keys = append(s.keys, []byte(sec))
	}
	return s, nil
}

// Verify implements Scheme. An HMACHeader not made by NewHMACHeader (nil
// or the zero value) has no secret and verifies nothing: its error wraps
// ErrNoSecret.
func (s *HMACHeader) Verify(header http.Header, body []byte) (Delivery, error) {
	if !s.hasSecret() {
		return Delivery{}, noSecret("HMACHeader.Verify", "NewHMACHeader")
	}
	raw, id := strings.TrimSpace(header.Get(s.signatureHeader)), strings.TrimSpace(header.Get(s.idHeader))
	switch {
	case raw == "" && id == "":
		return Delivery{}, fmt.Errorf("%w: %s, %s", ErrMissingHeaders, s.signatureHeader, s.idHeader)
	case raw == "":
		return Delivery{}, fmt.Errorf("%w: %s", ErrMissingHeaders, s.signatureHeader)
	case id == "":
		return Delivery{}, fmt.Errorf("%w: %s", ErrMissingHeaders, s.idHeader)
	}
	if err := checkID(id); err != nil {
		return Delivery{}, fmt.Errorf("%w: %s: %w", ErrInvalidHeaders, s.idHeader, err)
	}
	enc, ok := strings.CutPrefix(raw, s.prefix)
	if !ok {
		return Delivery{}, fmt.Errorf("%w: %s does not start with %q", ErrInvalidHeaders, s.signatureHeader, s.prefix)
	}
	got, err := hex.DecodeString(enc)
	if err != nil || len(got) != sha256.Size {
		return Delivery{}, fmt.Errorf("%w: %s is not a hex SHA-256 digest", ErrInvalidHeaders, s.signatureHeader)
	}
	ok = false
	for _, k := range s.keys {
		m := hmac.New(sha256.New, k)
		m.Write(body)
		if hmac.Equal(m.Sum(nil), got) {
			ok = true
		}
	}
	if !ok {
		return Delivery{}, ErrNoValidSignature
	}
	return Delivery{ID: id, DedupKey: bodyKey(body)}, nil
}

// bodyKey is the dedup key of a body: its SHA-256, after a "sha256."
// that no ID has (IDs never contain "."), so that a Deduper shared with a
// Verifier's Handler cannot mistake one for an event ID.
func bodyKey(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha256." + hex.EncodeToString(sum[:])
}

// Sign returns the header value for body under the first secret, for
// senders and tests. An HMACHeader not made by NewHMACHeader (nil or the
// zero value) has no secret and returns "": a header every Verify refuses
// as missing, so that nothing it sends passes for signed.
func (s *HMACHeader) Sign(body []byte) string {
	if !s.hasSecret() {
		return ""
	}
	m := hmac.New(sha256.New, s.keys[0])
	m.Write(body)
	return s.prefix + hex.EncodeToString(m.Sum(nil))
}

func (s *HMACHeader) hasSecret() bool { return s != nil && len(s.keys) > 0 }
