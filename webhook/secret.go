package webhook

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/xecm-go/xecm"
)

// SecretPrefix starts every Standard Webhooks symmetric secret.
const SecretPrefix = "whsec_"

// Bounds of a decoded secret: the specification asks for 24 to 64 bytes
// (192 to 512 bits).
const (
	minSecretBytes = 24
	maxSecretBytes = 64
)

// parseSecrets decodes "whsec_<base64>" secrets. op and what name the
// caller and its argument in errors; the secrets themselves never appear.
func parseSecrets(op string, secrets []string) ([][]byte, error) {
	if len(secrets) == 0 {
		return nil, fmt.Errorf("webhook: %s: %w: %w", op, ErrNoSecret, xecm.ErrInvalidArgument)
	}
	keys := make([][]byte, 0, len(secrets))
	for i, s := range secrets {
		k, err := parseSecret(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("webhook: %s: secret %d of %d: %w: %w", op, i+1, len(secrets), err, xecm.ErrInvalidArgument)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func parseSecret(s string) ([]byte, error) {
	if s == "" {
		return nil, ErrNoSecret
	}
	enc, ok := strings.CutPrefix(s, SecretPrefix)
	if !ok {
		return nil, fmt.Errorf("%w: does not start with %q", ErrInvalidSecret, SecretPrefix)
	}
	k, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return nil, fmt.Errorf("%w: not base64 after %q", ErrInvalidSecret, SecretPrefix)
	}
	if len(k) < minSecretBytes || len(k) > maxSecretBytes {
		return nil, fmt.Errorf("%w: decodes to %d bytes, want %d to %d", ErrInvalidSecret, len(k), minSecretBytes, maxSecretBytes)
	}
	return k, nil
}

// NewSecret returns a fresh random secret of 32 bytes, "whsec_<base64>".
func NewSecret() (string, error) {
	k := make([]byte, 32)
	if _, err := randRead(k); err != nil {
		return "", err
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(k), nil
}
