package portal

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Errors of Verify. The Handler answers both with 401.
var (
	// ErrLinkInvalid: the token is malformed, signed with an unknown key,
	// or altered since it was signed.
	ErrLinkInvalid = errors.New("portal: invalid link")
	// ErrLinkExpired: the token is authentic but past its expiry.
	ErrLinkExpired = errors.New("portal: link expired")
)

// MinKeySize is the shortest secret a Key may have, in bytes.
const MinKeySize = 32

// Key is a secret that signs links, with an ID that travels in each token
// so that keys can be rotated: sign with a new key while the old ones
// still verify the links already handed out.
type Key struct {
	// ID names the key in tokens: 1 to 32 letters, digits, '-' or '_'.
	ID string
	// Secret is the HMAC-SHA256 key, at least MinKeySize random bytes.
	Secret []byte
}

// Link is what a signed link grants: one version of one document, until
// an expiry, optionally to one partner only.
type Link struct {
	Document int64
	// Version is the pinned version number: a newer version never
	// satisfies the link.
	Version int
	// Partner, if set, is the partner the link was issued to (see
	// Config.Partners and Config.PartnerOf).
	Partner string
	// Expires is when the link stops working; it is kept to the second.
	Expires time.Time
}

// Signer signs and verifies link tokens with HMAC-SHA256. It is safe for
// concurrent use.
type Signer struct {
	signing Key
	keys    map[string][]byte
}

// linkPrefix starts every token: a format version that also separates
// these MACs from any other use of the same secret.
const linkPrefix = "pl1"

// NewSigner returns a Signer that signs with the first key and verifies
// with any of them. It refuses to be built without a key, with a key
// shorter than MinKeySize, or with two keys of the same ID.
func NewSigner(keys ...Key) (*Signer, error) {
	if len(keys) == 0 {
		return nil, invalid("NewSigner: at least one key is required")
	}
	s := &Signer{keys: make(map[string][]byte, len(keys))}
	for i, k := range keys {
		if !validKeyID(k.ID) {
			return nil, invalid("NewSigner: key %d: ID %q must be 1 to 32 letters, digits, '-' or '_'", i, k.ID)
		}
		if len(k.Secret) < MinKeySize {
			return nil, invalid("NewSigner: key %q: secret is %d bytes, at least %d are required", k.ID, len(k.Secret), MinKeySize)
		}
		if _, dup := s.keys[k.ID]; dup {
			return nil, invalid("NewSigner: key ID %q appears twice", k.ID)
		}
		s.keys[k.ID] = append([]byte(nil), k.Secret...)
	}
	s.signing = Key{ID: keys[0].ID, Secret: s.keys[keys[0].ID]}
	return s, nil
}

func validKeyID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// maxPartnerLength bounds partner IDs in links.
const maxPartnerLength = 128

// Sign returns the token of a link: URL-safe text of the form
// pl1.{kid}.{document}.{version}.{partner}.{expiry}.{mac}, where partner
// is base64url and mac is the HMAC-SHA256 of the canonical encoding of the
// other fields (see canonical). A Signer not made by NewSigner (nil or the
// zero value) has no key and signs nothing: its error wraps
// xecm.ErrInvalidArgument.
func (s *Signer) Sign(l Link) (string, error) {
	switch {
	case !s.hasKey():
		return "", invalid("Sign: the Signer has no key: make it with NewSigner")
	case l.Document <= 0:
		return "", invalid("Sign: Document must be a positive node ID, got %d", l.Document)
	case l.Version <= 0:
		return "", invalid("Sign: Version must be a pinned version number >= 1, got %d", l.Version)
	case l.Expires.IsZero():
		return "", invalid("Sign: Expires is required")
	case len(l.Partner) > maxPartnerLength:
		return "", invalid("Sign: Partner is %d bytes long, at most %d are allowed", len(l.Partner), maxPartnerLength)
	}
	fields := tokenFields{
		kid: s.signing.ID, doc: strconv.FormatInt(l.Document, 10), version: strconv.Itoa(l.Version),
		partner: base64.RawURLEncoding.EncodeToString([]byte(l.Partner)),
		expires: strconv.FormatInt(l.Expires.Unix(), 10),
	}
	mac := fields.mac(s.signing.Secret)
	return strings.Join([]string{linkPrefix, fields.kid, fields.doc, fields.version, fields.partner, fields.expires,
		base64.RawURLEncoding.EncodeToString(mac)}, "."), nil
}

// Verify checks a token's signature and expiry at time now and returns
// the link it grants. Errors wrap ErrLinkInvalid or ErrLinkExpired; the
// expiry is checked only once the signature holds, so an altered expiry is
// invalid, not expired. A Signer not made by NewSigner (nil or the zero
// value) knows no key: every token is invalid to it.
func (s *Signer) Verify(token string, now time.Time) (Link, error) {
	if !s.hasKey() {
		return Link{}, ErrLinkInvalid
	}
	parts := strings.Split(token, ".")
	if len(parts) != 7 || parts[0] != linkPrefix {
		return Link{}, ErrLinkInvalid
	}
	fields := tokenFields{kid: parts[1], doc: parts[2], version: parts[3], partner: parts[4], expires: parts[5]}
	secret, ok := s.keys[fields.kid]
	if !ok {
		return Link{}, ErrLinkInvalid
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(parts[6])
	if err != nil || !hmac.Equal(got, fields.mac(secret)) {
		return Link{}, ErrLinkInvalid
	}
	// Authentic from here on; parsing can only fail for tokens this
	// package did not write, so those are invalid too.
	doc, err1 := strconv.ParseInt(fields.doc, 10, 64)
	version, err2 := strconv.Atoi(fields.version)
	partner, err3 := base64.RawURLEncoding.Strict().DecodeString(fields.partner)
	exp, err4 := strconv.ParseInt(fields.expires, 10, 64)
	if err := errors.Join(err1, err2, err3, err4); err != nil || doc <= 0 || version <= 0 {
		return Link{}, ErrLinkInvalid
	}
	l := Link{Document: doc, Version: version, Partner: string(partner), Expires: time.Unix(exp, 0).UTC()}
	if !now.Before(l.Expires) {
		return l, ErrLinkExpired
	}
	return l, nil
}

func (s *Signer) hasKey() bool { return s != nil && len(s.signing.Secret) > 0 }

// tokenFields are a token's signed fields, as text.
type tokenFields struct {
	kid, doc, version, partner, expires string
}

// canonical is the signed message: the format prefix and each field,
// length-prefixed, so that no two different links share an encoding.
func (f tokenFields) canonical() []byte {
	var b []byte
	for _, s := range []string{linkPrefix, f.kid, f.doc, f.version, f.partner, f.expires} {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	return b
}

func (f tokenFields) mac(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(f.canonical())
	return m.Sum(nil)
}
