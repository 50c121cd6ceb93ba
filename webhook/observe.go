package webhook

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/xecm-go/xecm"
)

// WithObserver reports every delivery to o (xecm.Observer's StartDelivery
// and EndDelivery): accepted, duplicate, refused or failed, with the reason
// of a refusal or failure. StartDelivery receives the request's context,
// so that an observer can continue the sender's trace; the event function
// runs in the context it returns.
func WithObserver(o xecm.Observer) HandlerOption {
	return func(h *Handler) { h.obs = o }
}

// Reasons a delivery failed or was held back, beside the refusals'.
const (
	reasonDedupStore    = "dedup store failed"
	reasonEventFunction = "event function failed"
	reasonInProgress    = "duplicate in progress"
)

type deliveryKey struct{}

// serveObserved is serve between StartDelivery and EndDelivery.
func (h *Handler) serveObserved(w http.ResponseWriter, r *http.Request) {
	d := &xecm.Delivery{Start: time.Now(), Header: r.Header}
	ctx := h.obs.StartDelivery(r.Context(), d)
	if ctx == nil {
		ctx = r.Context()
	}
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	h.serve(sw, r.WithContext(context.WithValue(ctx, deliveryKey{}, d)))
	d.StatusCode, d.Duration = sw.status, time.Since(d.Start)
	if d.Result == "" {
		d.Result = xecm.DeliveryFailed
	}
	h.obs.EndDelivery(ctx, d)
}

// note records a delivery's result, when it is observed.
func note(ctx context.Context, result, reason string) {
	if d, ok := ctx.Value(deliveryKey{}).(*xecm.Delivery); ok {
		d.Result, d.Reason = result, reason
	}
}

// noteEvent records the verified event's ID and type.
func noteEvent(ctx context.Context, ev xecm.Event) {
	if d, ok := ctx.Value(deliveryKey{}).(*xecm.Delivery); ok {
		d.ID, d.Type = ev.ID, string(ev.Type)
	}
}

// refusalReason names a refusal in a few fixed words, the verification
// error's when there is one.
func refusalReason(msg string, err error) string {
	switch {
	case errors.Is(err, ErrNoValidSignature):
		return "bad signature"
	case errors.Is(err, ErrTimestampTooOld):
		return "timestamp too old"
	case errors.Is(err, ErrTimestampTooNew):
		return "timestamp too new"
	case errors.Is(err, ErrMissingHeaders):
		return "missing headers"
	case errors.Is(err, ErrInvalidHeaders):
		return "invalid headers"
	}
	return msg
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
