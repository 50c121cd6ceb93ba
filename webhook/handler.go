package webhook

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"sync"
	"time"

	"github.com/xecm-go/xecm"
)

// DefaultMaxBodyBytes caps the body a Handler reads (1 MiB).
const DefaultMaxBodyBytes = 1 << 20

// Handler is an http.Handler receiving signed event deliveries. Mount it
// in any server; it is safe for concurrent use. For each request it:
//
//   - answers 405 to anything but POST;
//   - reads the raw body, answering 413 past the size cap;
//   - verifies it with its Scheme: 400 for missing or malformed headers,
//     401 for a signature that does not match or a timestamp out of
//     tolerance;
//   - parses the event (xecm.ParseEvent): 400 if it is not an event
//     envelope with a type;
//   - reserves the delivery's dedup key (its ID, for schemes that sign
//     it) with its Deduper: a duplicate is answered 204 without calling
//     the event function again; a duplicate of a
//     delivery this Handler is still processing is answered 503 with
//     Retry-After instead, since that delivery may yet fail (only this
//     Handler's own deliveries are known to be in progress, unless the
//     Deduper is a ClaimDeduper, whose claims say so across replicas);
//   - answers 503 with Retry-After when the Deduper fails (a store that
//     cannot be reached): a delivery that could not be deduplicated is
//     never acknowledged, and the sender delivers it again;
//   - calls the event function with the request's context: 500 if it
//     fails (the ID is released, so the sender's retry is processed),
//     otherwise 204.
type Handler struct {
	scheme  Scheme
	fn      xecm.EventFunc
	maxBody int64
	dedup   Deduper
	ttl     time.Duration
	hold    time.Duration // of a claim on a ClaimDeduper
	logger  *slog.Logger
	obs     xecm.Observer // WithObserver; nil when unused

	// inFlight holds the dedup keys whose event function is running. A
	// duplicate of one of them must not be acknowledged: if the running
	// call fails, the sender, having had a 2xx for the duplicate, would
	// never deliver the event again.
	mu       sync.Mutex
	inFlight map[string]struct{}
}

// HandlerOption configures NewHandler.
type HandlerOption func(*Handler)

// WithMaxBodyBytes caps the body size. If not set (or n ≤ 0),
// DefaultMaxBodyBytes.
func WithMaxBodyBytes(n int64) HandlerOption {
	return func(h *Handler) {
		if n > 0 {
			h.maxBody = n
		}
	}
}

// WithDeduper sets where accepted IDs are recorded. If not set, a
// MemoryDeduper of 100 000 IDs.
func WithDeduper(d Deduper) HandlerOption {
	return func(h *Handler) {
		if d != nil {
			h.dedup = d
		}
	}
}

// WithDedupTTL sets how long accepted IDs are remembered. If not set,
// DefaultDedupTTL. For a scheme that is a ReplayWindower, such as
// Verifier, it must exceed the scheme's window (twice a Verifier's
// tolerance), or NewHandler fails. For a scheme that signs no timestamp,
// such as HMACHeader, it is the whole replay defence: a replay after it is
// accepted.
func WithDedupTTL(d time.Duration) HandlerOption {
	return func(h *Handler) {
		if d > 0 {
			h.ttl = d
		}
	}
}

// WithLogger sets a logger for refused and failed deliveries (Warn, with
// the reason) and duplicates (Debug). If not set, nothing is logged.
// Secrets, signatures and bodies are never logged.
func WithLogger(l *slog.Logger) HandlerOption {
	return func(h *Handler) {
		if l != nil {
			h.logger = l
		}
	}
}

// NewHandler returns a Handler verifying deliveries with scheme (usually
// a *Verifier) and passing accepted events to fn (such as
// (*Mux).HandleEvent). It returns an error wrapping
// xecm.ErrInvalidArgument if either is nil (a nil *Verifier too), if the
// scheme is a Verifier or HMACHeader without a secret (a zero value, also
// wrapping ErrNoSecret), if WithDeduper was given a nil pointer, or if the
// dedup TTL does not outlast the scheme's ReplayWindow.
func NewHandler(scheme Scheme, fn xecm.EventFunc, opts ...HandlerOption) (*Handler, error) {
	if isNil(scheme) {
		return nil, fmt.Errorf("webhook: NewHandler: nil scheme: %w", xecm.ErrInvalidArgument)
	}
	if s, ok := scheme.(secretHolder); ok && !s.hasSecret() {
		return nil, fmt.Errorf("webhook: NewHandler: scheme %T has no secret (make it with its constructor): %w: %w", scheme, ErrNoSecret, xecm.ErrInvalidArgument)
	}
	if fn == nil {
		return nil, fmt.Errorf("webhook: NewHandler: nil event function: %w", xecm.ErrInvalidArgument)
	}
	h := &Handler{scheme: scheme, fn: fn, maxBody: DefaultMaxBodyBytes, ttl: DefaultDedupTTL, hold: DefaultClaimHold,
		logger: slog.New(slog.DiscardHandler), inFlight: map[string]struct{}{}}
	for _, o := range opts {
		if o != nil {
			o(h)
		}
	}
	if h.dedup == nil {
		h.dedup = NewMemoryDeduper(0)
	} else if isNil(h.dedup) {
		return nil, fmt.Errorf("webhook: NewHandler: WithDeduper: nil Deduper: %w", xecm.ErrInvalidArgument)
	}
	if err := h.checkTTL(); err != nil {
		return nil, err
	}
	return h, nil
}

// checkTTL refuses a dedup TTL that ends while the scheme would still
// accept the delivery: accepted at the first instant of its window and
// forgotten before the last, it could be replayed in between, age and
// dedup both letting it through. The TTL must be longer, not as long: both
// ends of the window are accepted.
func (h *Handler) checkTTL() error {
	w, ok := h.scheme.(ReplayWindower)
	if !ok {
		return nil
	}
	if window := w.ReplayWindow(); h.ttl <= window {
		return fmt.Errorf("webhook: NewHandler: dedup TTL %s does not outlast the %s during which the scheme accepts a signed delivery (its past plus its future tolerance), so a replay after the TTL would be accepted; set WithDedupTTL above %s: %w",
			h.ttl, window, window, xecm.ErrInvalidArgument)
	}
	return nil
}

// isNil reports whether v is nil or holds a nil pointer, map, func...
// Such an interface value is not == nil, yet its methods mostly panic:
// `v, _ := NewVerifier(nil)` is a nil *Verifier, which would fail every
// request instead of the construction.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// ServeHTTP implements http.Handler. A Handler not made by NewHandler (nil
// or the zero value) has no scheme to verify with and answers 500 to
// everything, so that the sender delivers again rather than takes the
// event for accepted.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h != nil && h.obs != nil {
		h.serveObserved(w, r)
		return
	}
	h.serve(w, r)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) {
	if h == nil || h.scheme == nil {
		note(r.Context(), xecm.DeliveryFailed, "handler not made by NewHandler")
		// Usually NewHandler's error was dropped (an unset secret, say):
		// said loudly, on the default logger, since this one has none.
		slog.Default().Error("webhook: Handler not made by NewHandler answers 500 to every delivery: check the error NewHandler returned",
			"remote", r.RemoteAddr)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, "method not allowed", nil)
		return
	}
	if r.ContentLength > h.maxBody {
		h.tooLarge(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, h.maxBody+1))
	if err != nil {
		h.refuse(w, r, http.StatusBadRequest, "could not read body", err)
		return
	}
	if int64(len(body)) > h.maxBody {
		h.tooLarge(w, r)
		return
	}
	d, err := h.scheme.Verify(r.Header, body)
	if err != nil {
		if malformedRequest(err) {
			h.refuse(w, r, http.StatusBadRequest, "missing or malformed webhook headers", err)
		} else {
			h.refuse(w, r, http.StatusUnauthorized, "signature verification failed", err)
		}
		return
	}
	ev, err := xecm.ParseEvent(body)
	if err != nil {
		// Not err: its text may quote the body.
		h.refuse(w, r, http.StatusBadRequest, "body is not an event", nil)
		return
	}
	ev.ID = d.ID
	noteEvent(r.Context(), ev)
	key := d.dedupKey()
	if key == "" {
		// A faulty Scheme: under the one key "", every delivery after the
		// first would be acknowledged as its duplicate and dropped.
		note(r.Context(), xecm.DeliveryFailed, "scheme gave no delivery ID")
		h.logger.Warn("webhook: scheme returned a delivery without ID or dedup key", "type", ev.Type)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	if code := h.deliver(r.Context(), key, ev); code != http.StatusNoContent {
		if code == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", inFlightRetryAfter)
		}
		http.Error(w, http.StatusText(code), code)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// inFlightRetryAfter is the Retry-After (seconds) of the answer to a
// duplicate of a delivery still being processed, or to a delivery that
// could not be deduplicated.
const inFlightRetryAfter = "5"

// deliver runs the event function once per dedup key and returns the
// status.
func (h *Handler) deliver(ctx context.Context, key string, ev xecm.Event) (code int) {
	// Marked before Reserve and unmarked after Release, so that no
	// duplicate sees the key taken without seeing it in flight.
	h.mu.Lock()
	if _, busy := h.inFlight[key]; busy {
		h.mu.Unlock()
		note(ctx, xecm.DeliveryDuplicate, reasonInProgress)
		h.logger.Debug("webhook: duplicate of a delivery in progress", "id", ev.ID, "type", ev.Type)
		return http.StatusServiceUnavailable
	}
	h.inFlight[key] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.inFlight, key)
		h.mu.Unlock()
	}()

	if cd, ok := h.dedup.(ClaimDeduper); ok {
		return h.deliverClaimed(ctx, cd, key, ev)
	}
	first, err := h.dedup.Reserve(ctx, key, h.ttl)
	if err != nil {
		note(ctx, xecm.DeliveryFailed, reasonDedupStore)
		h.logger.Warn("webhook: dedup store failed", "id", ev.ID, "error", err)
		// The store may have made the reservation all the same (its answer
		// lost on the way back): left in place, it would have the sender's
		// retry acknowledged as a duplicate of a delivery never processed.
		// Releasing risks processing twice, which beats never.
		h.release(ctx, key, ev)
		return http.StatusServiceUnavailable
	}
	if !first {
		note(ctx, xecm.DeliveryDuplicate, "")
		h.logger.Debug("webhook: duplicate delivery", "id", ev.ID, "type", ev.Type)
		return http.StatusNoContent
	}
	done := false
	defer func() {
		if !done {
			// Failed or panicked: forget the key so the retry is processed.
			h.release(ctx, key, ev)
		}
	}()
	if err := h.fn(ctx, ev); err != nil {
		note(ctx, xecm.DeliveryFailed, reasonEventFunction)
		h.logger.Warn("webhook: event function failed", "id", ev.ID, "type", ev.Type, "error", err)
		return http.StatusInternalServerError
	}
	done = true
	note(ctx, xecm.DeliveryAccepted, "")
	return http.StatusNoContent
}

// deliverClaimed is deliver with a ClaimDeduper: the claim is made under
// a token of this delivery, held while fn runs, then completed for the
// dedup TTL, or abandoned if fn failed.
func (h *Handler) deliverClaimed(ctx context.Context, cd ClaimDeduper, key string, ev xecm.Event) int {
	token := newClaimToken()
	// A claim, its completion or its abandonment is not cut short by a
	// client that hung up (left half done, the claim would block
	// redeliveries for its hold), only by a store that does not answer.
	bg := context.WithoutCancel(ctx)
	cctx, cancel := context.WithTimeout(bg, claimStoreTimeout)
	status, err := cd.Claim(cctx, key, token, h.hold)
	cancel()
	if err != nil {
		note(ctx, xecm.DeliveryFailed, reasonDedupStore)
		h.logger.Warn("webhook: dedup store failed", "id", ev.ID, "error", err)
		// The claim may have been made (its answer lost): free it, which the
		// token makes safe for a claim of another delivery.
		h.abandon(bg, cd, key, token, ev)
		return http.StatusServiceUnavailable
	}
	switch status {
	case ClaimAcquired:
	case ClaimDone:
		note(ctx, xecm.DeliveryDuplicate, "")
		h.logger.Debug("webhook: duplicate delivery", "id", ev.ID, "type", ev.Type)
		return http.StatusNoContent
	default:
		note(ctx, xecm.DeliveryDuplicate, reasonInProgress)
		h.logger.Debug("webhook: duplicate of a delivery in progress", "id", ev.ID, "type", ev.Type)
		return http.StatusServiceUnavailable
	}
	done := false
	defer func() {
		if !done {
			h.abandon(bg, cd, key, token, ev)
		}
	}()
	if err := h.fn(ctx, ev); err != nil {
		note(ctx, xecm.DeliveryFailed, reasonEventFunction)
		h.logger.Warn("webhook: event function failed", "id", ev.ID, "type", ev.Type, "error", err)
		return http.StatusInternalServerError
	}
	done = true
	note(ctx, xecm.DeliveryAccepted, "")
	cctx, cancel = context.WithTimeout(bg, claimStoreTimeout)
	held, err := cd.Complete(cctx, key, token, h.ttl)
	cancel()
	switch {
	case err != nil:
		// Handled: acknowledged, so the sender stops. The claim expires
		// after its hold, and a redelivery after that is processed again.
		h.logger.Warn("webhook: dedup store failed to record a handled delivery", "id", ev.ID, "error", err)
	case !held:
		h.logger.Warn("webhook: claim expired while the event function ran (raise WithClaimHold)", "id", ev.ID, "hold", h.hold)
	}
	return http.StatusNoContent
}

// claimStoreTimeout bounds the calls of a delivery to a ClaimDeduper, so
// that a store that does not answer gets the sender a 503, not a hang.
const claimStoreTimeout = 10 * time.Second

func (h *Handler) abandon(ctx context.Context, cd ClaimDeduper, key, token string, ev xecm.Event) {
	ctx, cancel := context.WithTimeout(ctx, claimStoreTimeout)
	defer cancel()
	if err := cd.Abandon(ctx, key, token); err != nil {
		h.logger.Warn("webhook: dedup release failed", "id", ev.ID, "error", err)
	}
}

// release frees key in the Deduper, even when ctx is done: a key left
// reserved would turn the sender's retry into an acknowledged duplicate.
func (h *Handler) release(ctx context.Context, key string, ev xecm.Event) {
	if err := h.dedup.Release(context.WithoutCancel(ctx), key); err != nil {
		h.logger.Warn("webhook: dedup release failed", "id", ev.ID, "error", err)
	}
}

// refuse answers code and logs the refusal at Warn: a sender whose
// deliveries are all refused (a secret rotated on one side only, say) is
// a fault to see. The log names the reason and the error, which carries
// header names and times, never a secret, a signature or the body.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, code int, msg string, err error) {
	note(r.Context(), xecm.DeliveryRefused, refusalReason(msg, err))
	args := []any{"status", code, "remote", r.RemoteAddr, "reason", msg}
	if err != nil {
		args = append(args, "error", err)
	}
	h.logger.Warn("webhook: refused delivery", args...)
	http.Error(w, msg, code)
}

// maxDiscard bounds how much of a body over the cap a Handler reads and
// discards before it answers 413.
const maxDiscard = 32 << 20

// tooLarge answers 413 to a body over the cap. It first reads the rest of
// the body, up to maxDiscard bytes, so that a sender that writes its whole
// body before it reads the answer can read it (answering at once would
// close the connection under it, and it would see a reset instead). A
// body longer than that is cut off.
func (h *Handler) tooLarge(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength <= h.maxBody+maxDiscard {
		if n, _ := io.CopyN(io.Discard, r.Body, maxDiscard); n == maxDiscard {
			w.Header().Set("Connection", "close")
		}
	} else {
		w.Header().Set("Connection", "close")
	}
	h.refuse(w, r, http.StatusRequestEntityTooLarge, "body too large", nil)
}
