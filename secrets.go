package xecm

// Secrets scrubbed from what the SDK builds out of server answers. A
// server (or a proxy, or an attacker's host) may echo a password, a ticket
// or a token in an error body; the SDK knows its own secrets and replaces
// them in every *APIError it builds, in every error its calls return and
// in every log line, before they leave the client.

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// redacted replaces a secret in errors and logs.
const redacted = "[redacted]"

// maxRecentTickets bounds the tickets remembered for scrubbing: the
// current one and those just rotated away, which a server may still echo.
const maxRecentTickets = 8

// secretSet is the client's known secrets: fixed ones from the options
// (password, fixed tickets, WithRedactedStrings) and the tickets and
// tokens it obtained since. Safe for concurrent use.
type secretSet struct {
	mu     sync.RWMutex
	fixed  []string // each with its escaped spellings
	recent []string // recent tickets and tokens, with their spellings
}

// spellings returns s as it may appear in an answer: raw, form-encoded,
// JSON-encoded (an echoed request body) and Go-quoted (as a non-JSON body
// is shown in an error).
func spellings(s string) []string {
	if s == "" {
		return nil
	}
	out := []string{s}
	add := func(v string) {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	add(url.QueryEscape(s))
	add(url.PathEscape(s))
	if q := strconv.Quote(s); len(q) >= 2 {
		add(q[1 : len(q)-1])
	}
	if j, err := json.Marshal(s); err == nil && len(j) >= 2 {
		add(string(j[1 : len(j)-1]))
	}
	return out
}

func (s *secretSet) addFixed(secrets ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range secrets {
		for _, sp := range spellings(v) {
			if !slices.Contains(s.fixed, sp) {
				s.fixed = append(s.fixed, sp)
			}
		}
	}
	sortLongestFirst(s.fixed)
}

// addRecent remembers a ticket or token the client obtained.
func (s *secretSet) addRecent(v string) {
	v = strings.TrimPrefix(v, "Bearer ")
	if v == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Contains(s.recent, v) {
		return
	}
	s.recent = append(s.recent, spellings(v)...)
	if n := len(s.recent); n > 5*maxRecentTickets {
		s.recent = slices.Clone(s.recent[n-5*maxRecentTickets:])
	}
}

func sortLongestFirst(v []string) {
	slices.SortStableFunc(v, func(a, b string) int { return len(b) - len(a) })
}

// minSubstringSecret is the shortest secret replaced wherever it occurs.
// A shorter one (a test ticket "t1", a weak password) is replaced only
// where it stands as a word of its own: replacing every "t" in a message
// would garble it and tell the reader the secret all the same.
const minSubstringSecret = 6

// scrub replaces every known secret in text. It is idempotent: scrubbing
// scrubbed text changes nothing.
func (s *secretSet) scrub(text string) string {
	if s == nil || text == "" {
		return text
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, list := range [][]string{s.fixed, s.recent} {
		for _, v := range list {
			if strings.Contains(redacted, v) {
				continue // the marker itself: replacing it would never end
			}
			if !strings.Contains(text, v) {
				continue
			}
			if len(v) >= minSubstringSecret {
				text = strings.ReplaceAll(text, v, redacted)
			} else {
				text = replaceWord(text, v)
			}
		}
	}
	return text
}

// replaceWord replaces v where it is not part of a longer word.
func replaceWord(text, v string) string {
	var b strings.Builder
	for {
		i := strings.Index(text, v)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		end := i + len(v)
		word := (i == 0 || !isWordByte(text[i-1])) && (end == len(text) || !isWordByte(text[end]))
		b.WriteString(text[:i])
		if word {
			b.WriteString(redacted)
		} else {
			b.WriteString(v)
		}
		text = text[end:]
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// scrubAPIError replaces the secrets in the fields of e that come from
// the server.
func (s *secretSet) scrubAPIError(e *APIError) *APIError {
	if e != nil {
		e.Message, e.Detail = s.scrub(e.Message), s.scrub(e.Detail)
		e.RequestID, e.Location = s.scrub(e.RequestID), s.scrub(e.Location)
	}
	return e
}

// scrubErr returns err with its text scrubbed. The *APIErrors the client
// builds are scrubbed where they are built (an error may be shared, as a
// failed login is by all its waiters, so it is never changed later); any
// other text (a token endpoint's answer inside an oauth2 error, say) is
// replaced by a wrapper that still unwraps to err, so errors.Is and
// errors.As see the same chain.
func (s *secretSet) scrubErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := s.scrub(msg); clean != msg {
		return &redactedError{msg: clean, err: err}
	}
	return err
}

// redactedError is an error whose text had a secret in it.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Format keeps %+v and friends from printing the wrapped error's text.
func (e *redactedError) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(e.msg)) }

// scrubHandler is the slog.Handler the client logs through: it scrubs the
// message and every attribute before the caller's handler sees them.
type scrubHandler struct {
	next    slog.Handler
	secrets *secretSet
}

func (h *scrubHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *scrubHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.secrets.scrub(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *scrubHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = h.attr(a)
	}
	return &scrubHandler{next: h.next.WithAttrs(clean), secrets: h.secrets}
}

func (h *scrubHandler) WithGroup(name string) slog.Handler {
	return &scrubHandler{next: h.next.WithGroup(name), secrets: h.secrets}
}

// attr scrubs one attribute: strings, errors and anything printed as
// text; groups attribute by attribute.
func (h *scrubHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.secrets.scrub(v.String()))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, ga := range g {
			clean[i] = h.attr(ga)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, h.secrets.scrub(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, h.secrets.scrub(x.String()))
		default:
			return slog.String(a.Key, h.secrets.scrub(fmt.Sprint(x)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// WithRedactedStrings adds strings the client treats as secrets, beside
// the ones it knows from its credential option (password, tickets,
// tokens): they are replaced by "[redacted]" in every error and log line
// the client builds from a server answer. Use it for secrets the client
// cannot see, such as the OAuth2 client secret inside a token source.
func WithRedactedStrings(secrets ...string) Option {
	return func(cfg *config) error {
		cfg.redact = append(cfg.redact, secrets...)
		return nil
	}
}
