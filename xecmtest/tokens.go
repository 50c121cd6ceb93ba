package xecmtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Credentials issued by the simulator are self-contained signed tokens, so
// rotating the ticket on every response costs no state: a ticket names its
// session (or user), its generation and its expiry, signed with a per-Server
// secret. ExpireTickets bumps the OTCS generation; logout deletes the session.

type tokenKind byte

const (
	kindOTCS   tokenKind = 'c' // OTCSTicket: sub is a session id
	kindOTDS   tokenKind = 'd' // OTDS SSO ticket: sub is a user id
	kindBearer tokenKind = 'b' // OAuth2 access token: sub is a user id
)

type token struct {
	kind    tokenKind
	sub     string
	gen     uint64
	expires time.Time
	nonce   uint64
}

const otdsTicketPrefix = "*OTDSSSO*"

// sign encodes t. The caller holds s.mu (for the nonce).
func (s *Server) sign(t token) string {
	t.nonce = s.nextSeq()
	payload := fmt.Sprintf("%c|%s|%d|%d|%d", t.kind, t.sub, t.gen, t.expires.Unix(), t.nonce)
	enc := base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + s.mac(payload)
	if t.kind == kindOTDS {
		return otdsTicketPrefix + enc + "*"
	}
	return enc
}

func (s *Server) mac(payload string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// verify decodes and checks a token of the wanted kind: signature, kind
// and expiry (generations are checked by the caller).
func (s *Server) verify(str string, kind tokenKind) (token, bool) {
	if kind == kindOTDS {
		if !strings.HasPrefix(str, otdsTicketPrefix) || !strings.HasSuffix(str, "*") {
			return token{}, false
		}
		str = strings.TrimSuffix(strings.TrimPrefix(str, otdsTicketPrefix), "*")
	}
	enc, sig, ok := strings.Cut(str, ".")
	if !ok {
		return token{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || !hmac.Equal([]byte(sig), []byte(s.mac(string(raw)))) {
		return token{}, false
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 5 || len(parts[0]) != 1 {
		return token{}, false
	}
	t := token{kind: tokenKind(parts[0][0]), sub: parts[1]}
	gen, err1 := strconv.ParseUint(parts[2], 10, 64)
	exp, err2 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil {
		return token{}, false
	}
	t.gen, t.expires = gen, time.Unix(exp, 0)
	if t.kind != kind || !s.now().Before(t.expires) {
		return token{}, false
	}
	return t, true
}
