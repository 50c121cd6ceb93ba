package webhook

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
)

// Signer signs deliveries the Standard Webhooks way. With several secrets
// it puts one signature per secret in the header, so that receivers that
// know only the new or only the old secret both accept it during a
// rotation. It is safe for concurrent use.
type Signer struct {
	keys [][]byte
}

// NewSigner returns a Signer for the given "whsec_<base64>" secrets, or an
// error wrapping ErrNoSecret or ErrInvalidSecret (and
// xecm.ErrInvalidArgument).
func NewSigner(secrets ...string) (*Signer, error) {
	keys, err := parseSecrets("NewSigner", secrets)
	if err != nil {
		return nil, err
	}
	return &Signer{keys: keys}, nil
}

// Sign returns the webhook-signature value of a delivery of body with
// the given id and timestamp (seconds are used). The id must be printable
// ASCII without "." or space, at most 256 bytes, and the timestamp between
// 1970 and the year 33658 (Unix seconds of at most 12 digits, what a
// Verifier reads): otherwise receivers would refuse the delivery as
// malformed, so Sign refuses it with an error wrapping
// xecm.ErrInvalidArgument. A Signer not made by NewSigner (nil or the zero
// value) has no secret: its error wraps ErrNoSecret and
// xecm.ErrInvalidArgument.
func (s *Signer) Sign(id string, ts time.Time, body []byte) (string, error) {
	if !s.hasSecret() {
		return "", noSecret("Signer.Sign", "NewSigner")
	}
	if err := checkID(id); err != nil {
		return "", fmt.Errorf("webhook: Sign: %w: %w", err, xecm.ErrInvalidArgument)
	}
	if sec := ts.Unix(); sec < 0 || sec > maxTimestamp {
		return "", fmt.Errorf("webhook: Sign: timestamp %s is outside what receivers read (Unix seconds from 0 to %d): %w",
			ts.UTC().Format(time.RFC3339), int64(maxTimestamp), xecm.ErrInvalidArgument)
	}
	sigs := make([]string, len(s.keys))
	for i, k := range s.keys {
		sigs[i] = "v1," + base64.StdEncoding.EncodeToString(mac(k, id, ts.Unix(), body))
	}
	return strings.Join(sigs, " "), nil
}

// Headers returns the three Standard Webhooks headers of a delivery.
func (s *Signer) Headers(id string, ts time.Time, body []byte) (http.Header, error) {
	sig, err := s.Sign(id, ts, body)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderSignature, sig)
	return h, nil
}

func (s *Signer) hasSecret() bool { return s != nil && len(s.keys) > 0 }
