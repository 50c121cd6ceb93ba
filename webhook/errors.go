package webhook

import (
	"errors"
	"fmt"

	"github.com/xecm-go/xecm"
)

// Errors of verification, matchable with errors.Is. A Handler answers the
// first two with 400 and the others with 401.
var (
	// ErrMissingHeaders: a header the scheme needs is absent or empty.
	ErrMissingHeaders = errors.New("webhook: missing headers")
	// ErrInvalidHeaders: a header is present but malformed.
	ErrInvalidHeaders = errors.New("webhook: invalid headers")
	// ErrNoValidSignature: no signature matches any of the secrets.
	ErrNoValidSignature = errors.New("webhook: no valid signature")
	// ErrTimestampTooOld: the delivery is older than the tolerance.
	ErrTimestampTooOld = errors.New("webhook: timestamp too old")
	// ErrTimestampTooNew: the delivery is dated further in the future than
	// the tolerance.
	ErrTimestampTooNew = errors.New("webhook: timestamp too new")
)

// Errors of construction and sending.
var (
	// ErrNoSecret: a verifier or signer was built without a secret.
	ErrNoSecret = errors.New("webhook: no secret")
	// ErrInvalidSecret: a secret is not of the expected form.
	ErrInvalidSecret = errors.New("webhook: invalid secret")
	// ErrInvalidID: an event ID cannot be signed (empty, too long, or with
	// a character other than printable ASCII without "." or space).
	ErrInvalidID = errors.New("webhook: invalid event id")
)

// noSecret is the error of a method of a signing or verifying type that
// has no secret: a nil pointer or a zero value, not made by constructor.
func noSecret(method, constructor string) error {
	return fmt.Errorf("webhook: %s: %w (make it with %s): %w", method, ErrNoSecret, constructor, xecm.ErrInvalidArgument)
}

// secretHolder is implemented by the schemes and the Signer, so that the
// constructors taking them refuse one without a secret, which would fail
// every delivery.
type secretHolder interface{ hasSecret() bool }

// malformedRequest reports whether err is the sender's fault in form
// (400) rather than in authenticity (401).
func malformedRequest(err error) bool {
	return errors.Is(err, ErrMissingHeaders) || errors.Is(err, ErrInvalidHeaders)
}
