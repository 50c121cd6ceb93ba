package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

var randRead = rand.Read

// Standard Webhooks header names.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// DefaultTolerance is how far a delivery's timestamp may be from the
// verifier's clock, in either direction.
const DefaultTolerance = 5 * time.Minute

// maxIDLength bounds webhook-id values.
const maxIDLength = 256

// Scheme authenticates deliveries for a Handler. Verifier implements
// Standard Webhooks; HMACHeader implements hex HMAC headers of the GitHub
// kind; implement it for any other scheme.
type Scheme interface {
	// Verify checks that body, exactly as received, and header are an
	// authentic delivery, and returns what it learnt. Errors must wrap
	// ErrMissingHeaders or ErrInvalidHeaders for malformed requests; any
	// other error means "not authentic". A scheme whose signature does not
	// cover the ID must set Delivery.DedupKey. A Handler answers 500 to a
	// Delivery with neither.
	Verify(header http.Header, body []byte) (Delivery, error)
}

// ReplayWindower is implemented by schemes that refuse deliveries by the
// age of a signed timestamp, such as Verifier. Within the window, only
// duplicate detection refuses a replay, so NewHandler refuses a dedup TTL
// that does not outlast it. A Scheme wrapping a Verifier should implement
// it too, passing the Verifier's on.
type ReplayWindower interface {
	// ReplayWindow returns how long one signed delivery stays acceptable
	// from the first instant to the last: the past plus the future
	// tolerance.
	ReplayWindow() time.Duration
}

// Delivery is what a Scheme authenticated about a request.
type Delivery struct {
	// ID is the event ID (webhook-id; for HMACHeader the delivery ID
	// header), given to the event function as xecm.Event.ID.
	ID string
	// Timestamp is the signed time of the attempt; zero for schemes that
	// sign none.
	Timestamp time.Time
	// DedupKey is what the Handler's duplicate detection keys on instead
	// of ID; empty means ID. Duplicate detection is a replay defence, and
	// a key the sender of a replay can change defends nothing: a scheme
	// that does not sign the ID sets a key its signature covers.
	DedupKey string
}

// dedupKey is the key of d's duplicate detection.
func (d Delivery) dedupKey() string {
	if d.DedupKey != "" {
		return d.DedupKey
	}
	return d.ID
}

// Verifier verifies Standard Webhooks signatures with one or more secrets.
// It is safe for concurrent use.
type Verifier struct {
	keys      [][]byte
	tolerance time.Duration
	now       func() time.Time
}

// VerifierOption configures NewVerifier.
type VerifierOption func(*Verifier)

// WithTolerance sets how far the webhook-timestamp may be from now, both
// into the past and the future. If not set, DefaultTolerance (5 minutes).
// Values ≤ 0 are ignored: there is no way to switch the check off. A
// Handler's dedup TTL must exceed twice the tolerance (see ReplayWindow).
func WithTolerance(d time.Duration) VerifierOption {
	return func(v *Verifier) {
		if d > 0 {
			v.tolerance = d
		}
	}
}

// WithClock sets the clock timestamps are checked against. If not set,
// time.Now.
func WithClock(now func() time.Time) VerifierOption {
	return func(v *Verifier) {
		if now != nil {
			v.now = now
		}
	}
}

// NewVerifier returns a Verifier accepting signatures made with any of
// secrets ("whsec_<base64>", 24 to 64 bytes once decoded): during a
// rotation, pass the new and the old secret. It fails closed: without a
// usable secret it returns an error wrapping ErrNoSecret or
// ErrInvalidSecret (and xecm.ErrInvalidArgument).
func NewVerifier(secrets []string, opts ...VerifierOption) (*Verifier, error) {
	keys, err := parseSecrets("NewVerifier", secrets)
	if err != nil {
		return nil, err
	}
	v := &Verifier{keys: keys, tolerance: DefaultTolerance, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(v)
		}
	}
	return v, nil
}

// ReplayWindow implements ReplayWindower: a delivery stamped t verifies
// from t−tolerance (a sender's clock ahead of ours) to t+tolerance, so for
// twice the tolerance. Too wide to double, it is the longest Duration,
// which no TTL outlasts: a window that wrapped negative would pass any. A
// Verifier not made by NewVerifier (nil or the zero value) accepts
// nothing, so its window is 0.
func (v *Verifier) ReplayWindow() time.Duration {
	if !v.hasSecret() {
		return 0
	}
	if v.tolerance > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return 2 * v.tolerance
}

// Verify implements Scheme. It checks the headers, then every v1
// signature of webhook-signature against every secret in constant time,
// then the timestamp, and returns the delivery's ID and timestamp. A
// Verifier not made by NewVerifier (nil or the zero value) has no secret
// and verifies nothing: its error wraps ErrNoSecret.
func (v *Verifier) Verify(header http.Header, body []byte) (Delivery, error) {
	if !v.hasSecret() {
		return Delivery{}, noSecret("Verifier.Verify", "NewVerifier")
	}
	id, ts, sigs, err := readHeaders(header)
	if err != nil {
		return Delivery{}, err
	}
	if !v.matches(id, ts, body, sigs) {
		return Delivery{}, ErrNoValidSignature
	}
	at := time.Unix(ts, 0)
	now := v.now()
	if now.Sub(at) > v.tolerance {
		return Delivery{}, fmt.Errorf("%w: %s before now", ErrTimestampTooOld, now.Sub(at).Round(time.Second))
	}
	if at.Sub(now) > v.tolerance {
		return Delivery{}, fmt.Errorf("%w: %s after now", ErrTimestampTooNew, at.Sub(now).Round(time.Second))
	}
	return Delivery{ID: id, Timestamp: at}, nil
}

func (v *Verifier) hasSecret() bool { return v != nil && len(v.keys) > 0 }

// matches reports whether one of the signatures is the MAC of the message
// under one of the keys. Every pair is compared, so the time taken does not
// say which key matched.
func (v *Verifier) matches(id string, ts int64, body []byte, sigs [][]byte) bool {
	ok := false
	for _, k := range v.keys {
		want := mac(k, id, ts, body)
		for _, s := range sigs {
			if hmac.Equal(want, s) {
				ok = true
			}
		}
	}
	return ok
}

// mac is HMAC-SHA256 over "id.timestamp.body".
func mac(key []byte, id string, ts int64, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write(strconv.AppendInt(nil, ts, 10))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// readHeaders reads and checks the three Standard Webhooks headers and
// returns the decoded v1 signatures (others, such as v1a, are skipped).
func readHeaders(h http.Header) (id string, ts int64, sigs [][]byte, err error) {
	id, rawTS, rawSig := h.Get(HeaderID), h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	var missing []string
	for _, p := range [][2]string{{HeaderID, id}, {HeaderTimestamp, rawTS}, {HeaderSignature, rawSig}} {
		if strings.TrimSpace(p[1]) == "" {
			missing = append(missing, p[0])
		}
	}
	if len(missing) > 0 {
		return "", 0, nil, fmt.Errorf("%w: %s", ErrMissingHeaders, strings.Join(missing, ", "))
	}
	if err := checkID(id); err != nil {
		return "", 0, nil, fmt.Errorf("%w: %s: %w", ErrInvalidHeaders, HeaderID, err)
	}
	ts, ok := parseTimestamp(rawTS)
	if !ok {
		return "", 0, nil, fmt.Errorf("%w: %s is not a Unix time in seconds", ErrInvalidHeaders, HeaderTimestamp)
	}
	for _, f := range strings.Fields(rawSig) {
		version, enc, ok := strings.Cut(f, ",")
		if !ok || version != "v1" {
			continue
		}
		// Strict: one signature has one spelling (no stray padding bits).
		s, err := base64.StdEncoding.Strict().DecodeString(enc)
		if err != nil || len(s) != sha256.Size {
			continue
		}
		sigs = append(sigs, s)
	}
	if len(sigs) == 0 {
		return "", 0, nil, fmt.Errorf("%w: %s has no v1 signature", ErrInvalidHeaders, HeaderSignature)
	}
	return id, ts, sigs, nil
}

// Bounds of webhook-timestamp: Unix seconds, unsigned, of at most 12
// digits (to the year 33658). Signer.Sign refuses times outside them.
const (
	maxTimestampDigits = 12
	maxTimestamp       = 999_999_999_999
)

// parseTimestamp accepts only canonical base-10 seconds: digits, no sign,
// no leading zero, at most maxTimestampDigits digits.
func parseTimestamp(s string) (int64, bool) {
	if s == "" || len(s) > maxTimestampDigits || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// checkID accepts IDs of printable ASCII without "." or space (the
// specification forbids "." so the signed string splits one way only).
func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("%w: empty", ErrInvalidID)
	}
	if len(id) > maxIDLength {
		return fmt.Errorf("%w: longer than %d bytes", ErrInvalidID, maxIDLength)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '.' {
			return fmt.Errorf("%w: character %q at %d", ErrInvalidID, c, i)
		}
	}
	return nil
}
