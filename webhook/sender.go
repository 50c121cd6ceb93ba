package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/xecm-go/xecm"
)

// Sender delivers events to subscriber URLs, signed by a Signer, retrying
// failed attempts with exponential backoff and jitter. Every attempt
// carries the same webhook-id and body and a fresh timestamp and
// signature. It is safe for concurrent use.
//
// An attempt succeeds on 2xx. It is retried after a transport error, 408,
// 425, 429 or 5xx (honouring Retry-After); 3xx (redirects are not
// followed), 410 Gone and other 4xx answers are final.
type Sender struct {
	signer     *Signer
	hc         *http.Client
	attempts   int
	minBackoff time.Duration
	maxBackoff time.Duration
	now        func() time.Time
}

// SenderOption configures NewSender.
type SenderOption func(*Sender)

// WithHTTPClient sends through a copy of hc (its redirect policy is
// replaced: deliveries never follow redirects). If not set, a client with
// a 30 second timeout per attempt.
func WithHTTPClient(hc *http.Client) SenderOption {
	return func(s *Sender) {
		if hc != nil {
			cp := *hc
			s.hc = &cp
		}
	}
}

// WithAttempts sets how many attempts a delivery gets in all. If not set,
// 5.
func WithAttempts(n int) SenderOption {
	return func(s *Sender) {
		if n > 0 {
			s.attempts = n
		}
	}
}

// WithBackoff sets the first and the longest pause between attempts. If
// not set, 500ms and 30s.
func WithBackoff(first, longest time.Duration) SenderOption {
	return func(s *Sender) {
		if first > 0 {
			s.minBackoff = first
		}
		if longest > 0 {
			s.maxBackoff = longest
		}
	}
}

// WithSenderClock sets the clock of the webhook-timestamp. If not set,
// time.Now.
func WithSenderClock(now func() time.Time) SenderOption {
	return func(s *Sender) {
		if now != nil {
			s.now = now
		}
	}
}

// NewSender returns a Sender signing with signer. It refuses a nil signer,
// or one not made by NewSigner (ErrNoSecret), with an error wrapping
// xecm.ErrInvalidArgument.
func NewSender(signer *Signer, opts ...SenderOption) (*Sender, error) {
	if signer == nil {
		return nil, fmt.Errorf("webhook: NewSender: nil signer: %w", xecm.ErrInvalidArgument)
	}
	if !signer.hasSecret() {
		return nil, noSecret("NewSender: signer", "NewSigner")
	}
	s := &Sender{signer: signer, hc: &http.Client{Timeout: 30 * time.Second}, attempts: 5,
		minBackoff: 500 * time.Millisecond, maxBackoff: 30 * time.Second, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if s.maxBackoff < s.minBackoff {
		s.maxBackoff = s.minBackoff
	}
	s.hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return s, nil
}

// DeliveryError is the failure of a delivery after its last attempt.
type DeliveryError struct {
	URL        string // the subscriber URL without query string
	EventID    string
	Attempts   int
	StatusCode int   // the last answer's status, 0 after a transport error
	Err        error // the last transport error, if any
}

// Error implements error.
func (e *DeliveryError) Error() string {
	if e == nil {
		return "<nil>"
	}
	what := "status " + strconv.Itoa(e.StatusCode)
	if e.Err != nil {
		what = e.Err.Error()
	}
	return fmt.Sprintf("webhook: delivering %s to %s failed after %d attempt(s): %s", e.EventID, e.URL, e.Attempts, what)
}

// Unwrap returns the last transport error.
func (e *DeliveryError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Send delivers ev to target. ev.ID is required (it is the webhook-id
// receivers deduplicate on), and so is a type xecm.ParseEvent accepts. It returns nil once the subscriber answered
// 2xx, a *DeliveryError when it gave up, or the context's error. A Sender
// not made by NewSender (nil or the zero value) sends nothing: its error
// wraps xecm.ErrInvalidArgument.
func (s *Sender) Send(ctx context.Context, target string, ev xecm.Event) error {
	if s == nil || s.signer == nil || s.hc == nil {
		return fmt.Errorf("webhook: Send: Sender not made by NewSender: %w", xecm.ErrInvalidArgument)
	}
	if err := checkTarget(target); err != nil {
		return fmt.Errorf("webhook: Send: %w", err)
	}
	u, _ := url.Parse(target)
	if err := checkID(ev.ID); err != nil {
		return fmt.Errorf("webhook: Send: event ID: %w: %w", err, xecm.ErrInvalidArgument)
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("webhook: Send: encoding event %s: %w", ev.ID, err)
	}
	// Checked on the encoded body, by the parser receivers use: an event
	// that no Handler accepts (no type, a type with spaces) is bad input,
	// not a 400 for every subscriber, or a 2xx from one that checks less.
	if _, err := xecm.ParseEvent(body); err != nil {
		return fmt.Errorf("webhook: Send: event %s: %w: %w", ev.ID, err, xecm.ErrInvalidArgument)
	}
	safeURL := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	derr := &DeliveryError{URL: safeURL, EventID: ev.ID}
	for attempt := 1; ; attempt++ {
		derr.Attempts = attempt
		retry, wait := s.attempt(ctx, target, ev.ID, body, derr)
		if !retry && derr.Err == nil && derr.StatusCode/100 == 2 {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !retry || attempt >= s.attempts {
			return derr
		}
		t := time.NewTimer(max(wait, s.pause(attempt)))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// checkTarget refuses a subscriber URL that is not absolute http(s).
func checkTarget(target string) error {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("target must be an absolute http(s) URL: %w", xecm.ErrInvalidArgument)
	}
	return nil
}

// attempt makes one attempt, records its outcome in derr and says whether
// to retry and how long the subscriber asked to wait.
func (s *Sender) attempt(ctx context.Context, target, id string, body []byte, derr *DeliveryError) (retry bool, wait time.Duration) {
	derr.StatusCode, derr.Err = 0, nil
	h, err := s.signer.Headers(id, s.now(), body)
	if err != nil {
		derr.Err = err
		return false, 0
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		derr.Err = err
		return false, 0
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "xecm-go-webhook/"+xecm.Version)
	resp, err := s.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may carry a query token: leave it out
		}
		derr.Err = err
		return true, 0
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	_ = resp.Body.Close()
	derr.StatusCode = resp.StatusCode
	switch c := resp.StatusCode; {
	case c/100 == 2:
		return false, 0
	case c == http.StatusRequestTimeout, c == http.StatusTooEarly, c == http.StatusTooManyRequests, c >= 500:
		return true, min(retryAfter(resp.Header.Get("Retry-After")), s.maxBackoff)
	}
	return false, 0
}

// pause is the full-jitter exponential backoff before attempt n+1.
func (s *Sender) pause(n int) time.Duration {
	d := s.minBackoff
	for i := 1; i < n && d < s.maxBackoff; i++ {
		if d > s.maxBackoff/2 {
			d = s.maxBackoff // doubling would pass it, or overflow
			break
		}
		d *= 2
	}
	d = min(d, s.maxBackoff)
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads a Retry-After of seconds (dates are ignored: the
// backoff applies). Seconds past the longest Duration are the longest
// Duration (the caller caps it): multiplied, they would wrap, to a
// negative or short wait.
func retryAfter(v string) time.Duration {
	n, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) && n > 0 {
		return math.MaxInt64
	}
	if err != nil || n < 0 {
		return 0
	}
	if n > int64(math.MaxInt64/time.Second) {
		return math.MaxInt64
	}
	return time.Duration(n) * time.Second
}
