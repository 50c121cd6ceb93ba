package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// redacted replaces every secret and every value marked sensitive.
const redacted = "[redacted]"

// sensitiveKeys are JSON keys and form fields whose values are
// credentials wherever they appear (compared in lower case).
var sensitiveKeys = map[string]bool{
	"ticket": true, "otcsticket": true, "otdsticket": true, "password": true, "authorization": true,
	"token": true, "access_token": true, "refresh_token": true, "id_token": true,
	"client_secret": true, "secret": true,
}

// scrubber removes credentials and the values the user marked sensitive
// (-redact-names) from what the probe records and prints. It learns
// tickets and tokens from the headers it is shown, so that a ticket echoed
// anywhere later is caught too.
type scrubber struct {
	mu      sync.Mutex
	secrets map[string]bool   // exact values, such as tickets and passwords
	names   []string          // user-marked values, replaced ignoring case
	exact   *strings.Replacer // the secrets; nil when there are none
	re      *regexp.Regexp    // the names; nil when there are none
}

func newScrubber(names []string) *scrubber {
	s := &scrubber{secrets: map[string]bool{}}
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			s.names = append(s.names, n)
		}
	}
	s.compile()
	return s
}

// addSecrets adds values never to show.
func (s *scrubber) addSecrets(vals ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	changed := false
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" && !s.secrets[v] {
			s.secrets[v] = true
			changed = true
		}
	}
	if changed {
		s.compile()
	}
}

// secretValues returns the secret values known so far.
func (s *scrubber) secretValues() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.secrets))
	for v := range s.secrets {
		out = append(out, v)
	}
	return out
}

// learnHeaders adds the credentials in h (request or response headers).
func (s *scrubber) learnHeaders(h map[string][]string) {
	for k, vs := range h {
		if !sensitiveKeys[strings.ToLower(k)] {
			continue
		}
		for _, v := range vs {
			s.addSecrets(v)
			if _, tok, ok := strings.Cut(v, " "); ok { // "Bearer <token>"
				s.addSecrets(tok)
			}
		}
	}
}

// compile builds the replacers: exact secrets longest first (so that a
// value containing another is replaced whole), then the marked names,
// ignoring case. A name that is not valid UTF-8 cannot be matched
// ignoring case and is replaced exactly. The caller holds s.mu (or owns
// s).
func (s *scrubber) compile() {
	exact := make([]string, 0, len(s.secrets))
	for v := range s.secrets {
		exact = append(exact, v)
	}
	var alts []string
	for _, n := range s.names {
		if !utf8.ValidString(n) {
			exact = append(exact, n)
			continue
		}
		alts = append(alts, "(?i:"+regexp.QuoteMeta(n)+")")
	}
	sort.Slice(exact, func(i, j int) bool { return len(exact[i]) > len(exact[j]) })
	s.exact = nil
	if len(exact) > 0 {
		pairs := make([]string, 0, 2*len(exact))
		for _, v := range exact {
			pairs = append(pairs, v, redacted)
		}
		s.exact = strings.NewReplacer(pairs...)
	}
	s.re = nil
	if len(alts) > 0 {
		sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
		s.re = regexp.MustCompile(strings.Join(alts, "|"))
	}
}

// scrubText replaces every secret and marked value in t.
func (s *scrubber) scrubText(t string) string {
	s.mu.Lock()
	exact, re := s.exact, s.re
	s.mu.Unlock()
	if t == "" {
		return t
	}
	if exact != nil {
		t = exact.Replace(t)
	}
	if re != nil {
		t = re.ReplaceAllString(t, redacted)
	}
	return t
}

// scrubValue returns v with the values of sensitive keys replaced and
// every string scrubbed, at any depth. Numbers stay numbers.
func (s *scrubber) scrubValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if sensitiveKeys[strings.ToLower(k)] {
				if str, ok := e.(string); ok && str != "" {
					s.addSecrets(str)
					out[s.scrubText(k)] = redacted
					continue
				}
			}
			out[s.scrubText(k)] = s.scrubValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = s.scrubValue(e)
		}
		return out
	case string:
		// A JSON document inside a string (the "body" form field) is
		// scrubbed as JSON, so its sensitive keys are caught too.
		if inner, ok := decodeJSON([]byte(x)); ok {
			if b, err := marshalJSON(s.scrubValue(inner)); err == nil {
				return string(b)
			}
		}
		return s.scrubText(x)
	}
	return v
}

// scrubValues scrubs query or form values; a sensitive key's values are
// replaced whole.
func (s *scrubber) scrubValues(vals map[string][]string) map[string][]string {
	if len(vals) == 0 {
		return nil
	}
	out := make(map[string][]string, len(vals))
	for k, vs := range vals {
		cp := make([]string, len(vs))
		for i, v := range vs {
			if sensitiveKeys[strings.ToLower(k)] && v != "" {
				s.addSecrets(v)
				cp[i] = redacted
				continue
			}
			cp[i], _ = s.scrubValue(v).(string)
		}
		out[s.scrubText(k)] = cp
	}
	return out
}

// decodeJSON decodes a JSON object or array, keeping numbers exact.
func decodeJSON(b []byte) (any, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' && b[0] != '[' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, false
	}
	return v, true
}

// marshalJSON encodes without escaping HTML characters, so that what was
// recorded reads as the server sent it.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
