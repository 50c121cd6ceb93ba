package portal

import (
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestSignAndVerify(t *testing.T) {
	s, err := NewSigner(testKey)
	require.NoError(t, err)
	exp := t0.Add(time.Hour)
	l := Link{Document: 121, Version: 3, Partner: "acme.supplier@example.com", Expires: exp}
	tok, err := s.Sign(l)
	require.NoError(t, err)
	assert.NotContains(t, tok, "/", "URL-safe")
	assert.NotContains(t, tok, "+", "URL-safe")
	got, err := s.Verify(tok, t0)
	require.NoError(t, err)
	assert.Equal(t, l, got)

	_, err = s.Verify(tok, exp)
	assert.ErrorIs(t, err, ErrLinkExpired, "expiry is exclusive")
}

func TestTamperedTokensAreInvalid(t *testing.T) {
	s, err := NewSigner(testKey)
	require.NoError(t, err)
	tok, err := s.Sign(Link{Document: 121, Version: 1, Partner: "acme", Expires: t0.Add(time.Hour)})
	require.NoError(t, err)
	parts := strings.Split(tok, ".")

	forged := map[string]string{}
	for i, alt := range []string{"pl2", "k2", "131", "2", "Z2xvYmV4", "9999999999"} { // each field changed
		p := append([]string(nil), parts...)
		p[i] = alt
		forged["field "+alt] = strings.Join(p, ".")
	}
	p := append([]string(nil), parts...)
	p[6] = p[6][:len(p[6])-2] + "AA"
	forged["mac"] = strings.Join(p, ".")
	forged["mac padded"] = tok + "="
	forged["truncated"] = tok[:len(tok)-1]
	forged["extra field"] = tok + ".x"
	forged["empty"] = ""
	forged["garbage"] = "not a token"
	forged["leading zero doc"] = strings.Join(append(append([]string{}, parts[:2]...), append([]string{"0121"}, parts[3:]...)...), ".")

	other, err := NewSigner(Key{ID: "k1", Secret: []byte("another secret of thirty-two bytes!")})
	require.NoError(t, err)
	foreign, err := other.Sign(Link{Document: 121, Version: 1, Partner: "acme", Expires: t0.Add(time.Hour)})
	require.NoError(t, err)
	forged["same kid, other secret"] = foreign

	for name, f := range forged {
		_, err := s.Verify(f, t0)
		assert.ErrorIs(t, err, ErrLinkInvalid, name)
	}
	// An altered expiry is a forgery, even when it is in the past.
	p = append([]string(nil), parts...)
	p[5] = "1"
	_, err = s.Verify(strings.Join(p, "."), t0)
	assert.ErrorIs(t, err, ErrLinkInvalid)
}

func TestKeyRotation(t *testing.T) {
	old := Key{ID: "2024", Secret: []byte("the old secret, thirty-two bytes!!")}
	cur := Key{ID: "2025", Secret: []byte("the new secret, thirty-two bytes!!")}
	before, err := NewSigner(old)
	require.NoError(t, err)
	oldTok, err := before.Sign(Link{Document: 1, Version: 1, Expires: t0.Add(time.Hour)})
	require.NoError(t, err)

	after, err := NewSigner(cur, old) // the new key signs, the old still verifies
	require.NoError(t, err)
	_, err = after.Verify(oldTok, t0)
	assert.NoError(t, err)
	newTok, err := after.Sign(Link{Document: 1, Version: 1, Expires: t0.Add(time.Hour)})
	require.NoError(t, err)
	assert.Contains(t, newTok, ".2025.")
	_, err = before.Verify(newTok, t0)
	assert.ErrorIs(t, err, ErrLinkInvalid, "the old signer does not know the new key")

	retired, err := NewSigner(cur) // old key withdrawn: its links stop working
	require.NoError(t, err)
	_, err = retired.Verify(oldTok, t0)
	assert.ErrorIs(t, err, ErrLinkInvalid)
}

func TestSignerRefusesBadKeysAndLinks(t *testing.T) {
	_, err := NewSigner()
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = NewSigner(Key{ID: "k", Secret: []byte("short")})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = NewSigner(Key{ID: "bad.id", Secret: testKey.Secret})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = NewSigner(testKey, testKey)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)

	s, err := NewSigner(testKey)
	require.NoError(t, err)
	for _, l := range []Link{
		{Document: 0, Version: 1, Expires: t0},
		{Document: 1, Version: 0, Expires: t0},
		{Document: 1, Version: 1},
		{Document: 1, Version: 1, Expires: t0, Partner: strings.Repeat("p", 200)},
	} {
		_, err := s.Sign(l)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "%+v", l)
	}
}

// accessLog collects the access records of a handler.
type accessLog struct {
	mu   sync.Mutex
	recs []AccessRecord
}

func (a *accessLog) add(r AccessRecord) { a.mu.Lock(); a.recs = append(a.recs, r); a.mu.Unlock() }
func (a *accessLog) last() AccessRecord {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.recs[len(a.recs)-1]
}

func TestLinkServesThePinnedVersion(t *testing.T) {
	src := fixture()
	var log accessLog
	h, _ := newTestHandler(t, src, func(c *Config) { c.Policy.Versions = AllVersions; c.OnAccess = log.add })
	l, err := h.NewLink(t.Context(), LinkRequest{Document: 121, Partner: "acme", TTL: 24 * time.Hour})
	require.NoError(t, err)
	assert.Equal(t, 1, l.Version, "version 0 pins the latest")
	assert.Equal(t, "links/"+l.Token, l.Path)

	w := get(h, "GET", "/"+l.Path)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "ISO 9001 certificate, 2025", w.Body.String())
	assert.Equal(t, "private, no-cache", w.Header().Get("Cache-Control"))
	assert.Equal(t, AccessRecord{Time: log.last().Time, Partner: "acme", Document: 121, Version: 1, Status: 200,
		Bytes: int64(len("ISO 9001 certificate, 2025")), Remote: "192.0.2.1:1234"}, log.last())

	// A new version does not satisfy the old link: it keeps serving v1.
	src.addApprovedVersion(121, "application/pdf", "ISO 9001 certificate, 2026 (new)")
	h.Invalidate(121)
	w = get(h, "GET", "/"+l.Path)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "ISO 9001 certificate, 2025", w.Body.String())
	assert.Equal(t, 1, src.lastOpen().version)
	assert.Contains(t, w.Header().Get("ETag"), `"d121-v1-`)

	// Under "latest version only" the superseded link serves nothing.
	latestOnly, _ := newTestHandler(t, src, func(c *Config) { c.OnAccess = log.add })
	w = get(latestOnly, "GET", "/"+l.Path)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, "not published", log.last().Reason)
	assert.NotContains(t, w.Body.String(), "2026")
}

func TestLinkRangesAndConditionals(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	l, err := h.NewLink(t.Context(), LinkRequest{Document: 121, Partner: "acme", TTL: time.Hour})
	require.NoError(t, err)
	w := get(h, "GET", "/"+l.Path, "Range", "bytes=0-2")
	require.Equal(t, http.StatusPartialContent, w.Code)
	assert.Equal(t, "ISO", w.Body.String())
	w2 := get(h, "HEAD", "/"+l.Path, "If-None-Match", w.Header().Get("ETag"))
	assert.Equal(t, http.StatusNotModified, w2.Code)
}

func TestRefusedLinks(t *testing.T) {
	src := fixture()
	var log accessLog
	caller := ""
	h, clk := newTestHandler(t, src, func(c *Config) {
		c.OnAccess = log.add
		c.PartnerOf = func(r *http.Request) (string, bool) { return caller, caller != "" }
	})
	l, err := h.NewLink(t.Context(), LinkRequest{Document: 121, Partner: "acme", TTL: time.Hour})
	require.NoError(t, err)

	caller = "acme"
	require.Equal(t, http.StatusOK, get(h, "GET", "/"+l.Path).Code)

	caller = "globex"
	w := get(h, "GET", "/"+l.Path)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Equal(t, AccessRecord{Time: log.last().Time, Partner: "acme", Document: 121, Version: 1, Status: 403,
		Reason: "wrong partner", Remote: "192.0.2.1:1234"}, log.last())
	caller = ""
	assert.Equal(t, http.StatusForbidden, get(h, "GET", "/"+l.Path).Code, "anonymous caller")

	caller = "acme"
	tampered := strings.Replace(l.Path, ".121.", ".131.", 1)
	w = get(h, "GET", "/"+tampered)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Contains(t, w.Body.String(), "invalid_link")
	assert.Contains(t, w.Header().Get("WWW-Authenticate"), `error="invalid_link"`)
	assert.Equal(t, AccessRecord{Time: log.last().Time, Status: 401, Reason: "invalid link", Remote: "192.0.2.1:1234"}, log.last())

	clk.advance(time.Hour)
	w = get(h, "GET", "/"+l.Path)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Contains(t, w.Body.String(), "link_expired")
	assert.Equal(t, "link expired", log.last().Reason)
	assert.Zero(t, log.last().Bytes)
}

func TestPartnerWorkspaces(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	_, err := h.NewLink(t.Context(), LinkRequest{Document: 131, Partner: "acme", TTL: time.Hour})
	assert.ErrorIs(t, err, ErrNotAllowed, "Globex's report is not Acme's")
	_, err = h.NewLink(t.Context(), LinkRequest{Document: 121, Partner: "initech", TTL: time.Hour})
	assert.ErrorIs(t, err, ErrNotAllowed)
	_, err = h.NewLink(t.Context(), LinkRequest{Document: 102, TTL: time.Hour})
	assert.ErrorIs(t, err, ErrNotFound, "a draft cannot be linked")
	_, err = h.NewLink(t.Context(), LinkRequest{Document: 121, TTL: 365 * 24 * time.Hour})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = h.NewLink(t.Context(), LinkRequest{Document: 121})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)

	// A link signed for a partner who later loses the workspace stops working.
	signer := h.cfg.Signer
	tok, err := signer.Sign(Link{Document: 131, Version: 1, Partner: "acme", Expires: h.now().Add(time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, get(h, "GET", "/links/"+tok).Code)
	tok, err = signer.Sign(Link{Document: 121, Version: 1, Partner: "initech", Expires: h.now().Add(time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, get(h, "GET", "/links/"+tok).Code, "unknown partner")
	// An unbound link is a bearer link to a published document.
	tok, err = signer.Sign(Link{Document: 131, Version: 1, Expires: h.now().Add(time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, get(h, "GET", "/links/"+tok).Code)
	// A valid signature does not widen the policy.
	tok, err = signer.Sign(Link{Document: 201, Version: 1, Expires: h.now().Add(time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/links/"+tok).Code)
}

func TestNewLinkExpiryIsWholeSecondsAtLeastTTL(t *testing.T) {
	src := fixture()
	h, clk := newTestHandler(t, src, nil)
	clk.advance(300 * time.Millisecond)
	l, err := h.NewLink(t.Context(), LinkRequest{Document: 121, TTL: time.Hour})
	require.NoError(t, err)
	assert.Zero(t, l.Expires.Nanosecond())
	assert.False(t, l.Expires.Before(clk.now().Add(time.Hour)))
}

// A TTL near the longest Duration must not wrap the expiry into the past
// (TTL+1s-1 overflows int64): the link lasts at least its TTL.
func TestNewLinkWithTheLongestTTLIsNotBornExpired(t *testing.T) {
	src := fixture()
	h, clk := newTestHandler(t, src, func(c *Config) { c.MaxLinkTTL = math.MaxInt64 })
	clk.advance(300 * time.Millisecond)
	for _, ttl := range []time.Duration{math.MaxInt64, math.MaxInt64 - time.Second + 1, math.MaxInt64 - time.Second} {
		l, err := h.NewLink(t.Context(), LinkRequest{Document: 121, TTL: ttl})
		require.NoError(t, err, ttl)
		assert.Zero(t, l.Expires.Nanosecond(), ttl)
		assert.False(t, l.Expires.Before(clk.now().Add(ttl)), "expires %s, before now + %s", l.Expires, ttl)
		assert.Less(t, l.Expires.Sub(clk.now().Add(ttl)), time.Second, "rounded up by less than a second")
		got, err := h.cfg.Signer.Verify(l.Token, clk.now())
		require.NoError(t, err, "a fresh link verifies")
		assert.Equal(t, l.Link, got)
		assert.Equal(t, http.StatusOK, get(h, "GET", "/"+l.Path).Code)
	}
}
