package webhook_test

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// The published test vector of the Standard Webhooks specification
// (libraries/go/webhook_test.go, TestWebhookSign).
const (
	vectorSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTimestamp = 1614265330
	vectorBody      = `{"test": 2432232314}`
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func vectorHeader() http.Header {
	h := http.Header{}
	h.Set("webhook-id", vectorID)
	h.Set("webhook-timestamp", strconv.Itoa(vectorTimestamp))
	h.Set("webhook-signature", vectorSignature)
	return h
}

func at(sec int64) func() time.Time { return func() time.Time { return time.Unix(sec, 0) } }

func TestSignerMatchesPublishedVector(t *testing.T) {
	s, err := webhook.NewSigner(vectorSecret)
	require.NoError(t, err)
	sig, err := s.Sign(vectorID, time.Unix(vectorTimestamp, 0), []byte(vectorBody))
	require.NoError(t, err)
	assert.Equal(t, vectorSignature, sig)
}

func TestVerifierAcceptsPublishedVector(t *testing.T) {
	v, err := webhook.NewVerifier([]string{vectorSecret}, webhook.WithClock(at(vectorTimestamp+10)))
	require.NoError(t, err)
	d, err := v.Verify(vectorHeader(), []byte(vectorBody))
	require.NoError(t, err)
	assert.Equal(t, vectorID, d.ID)
	assert.Equal(t, time.Unix(vectorTimestamp, 0), d.Timestamp)
}

func TestVerifierRefuses(t *testing.T) {
	const other = "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBvZiAzMiBieXRlcw=="
	cases := []struct {
		name   string
		now    int64
		body   string
		modify func(h http.Header)
		want   error
	}{
		{"tampered body", vectorTimestamp, `{"test": 2432232315}`, nil, webhook.ErrNoValidSignature},
		{"signature of another id", vectorTimestamp, vectorBody, func(h http.Header) { h.Set("webhook-id", "msg_other") }, webhook.ErrNoValidSignature},
		{"signature of another time", vectorTimestamp, vectorBody, func(h http.Header) { h.Set("webhook-timestamp", strconv.Itoa(vectorTimestamp+1)) }, webhook.ErrNoValidSignature},
		{"stale by more than 5 minutes", vectorTimestamp + 301, vectorBody, nil, webhook.ErrTimestampTooOld},
		{"from more than 5 minutes ahead", vectorTimestamp - 301, vectorBody, nil, webhook.ErrTimestampTooNew},
		{"missing id", vectorTimestamp, vectorBody, func(h http.Header) { h.Del("webhook-id") }, webhook.ErrMissingHeaders},
		{"missing timestamp", vectorTimestamp, vectorBody, func(h http.Header) { h.Del("webhook-timestamp") }, webhook.ErrMissingHeaders},
		{"missing signature", vectorTimestamp, vectorBody, func(h http.Header) { h.Del("webhook-signature") }, webhook.ErrMissingHeaders},
		{"timestamp not a number", vectorTimestamp, vectorBody, func(h http.Header) { h.Set("webhook-timestamp", "2021-02-26T00:00:00Z") }, webhook.ErrInvalidHeaders},
		{"timestamp with sign", vectorTimestamp, vectorBody, func(h http.Header) { h.Set("webhook-timestamp", "+1614265330") }, webhook.ErrInvalidHeaders},
		{"timestamp with leading zero", vectorTimestamp, vectorBody, func(h http.Header) { h.Set("webhook-timestamp", "01614265330") }, webhook.ErrInvalidHeaders},
		{"id with a dot", vectorTimestamp, vectorBody, func(h http.Header) { h.Set("webhook-id", "msg.1") }, webhook.ErrInvalidHeaders},
		{"garbled signature", vectorTimestamp, vectorBody, func(h http.Header) { h.Set("webhook-signature", "v1,not base64!!") }, webhook.ErrInvalidHeaders},
		{"only other versions", vectorTimestamp, vectorBody, func(h http.Header) { h.Set("webhook-signature", "v1a,"+vectorSignature[3:]) }, webhook.ErrInvalidHeaders},
		{"signature by another secret", vectorTimestamp, vectorBody, func(h http.Header) {
			s, _ := webhook.NewSigner(other)
			sig, _ := s.Sign(vectorID, time.Unix(vectorTimestamp, 0), []byte(vectorBody))
			h.Set("webhook-signature", sig)
		}, webhook.ErrNoValidSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := webhook.NewVerifier([]string{vectorSecret}, webhook.WithClock(at(tc.now)))
			require.NoError(t, err)
			h := vectorHeader()
			if tc.modify != nil {
				tc.modify(h)
			}
			_, err = v.Verify(h, []byte(tc.body))
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestVerifierToleranceEdges(t *testing.T) {
	for _, tc := range []struct {
		now int64
		ok  bool
	}{{vectorTimestamp + 300, true}, {vectorTimestamp - 300, true}, {vectorTimestamp + 301, false}, {vectorTimestamp - 301, false}} {
		v, err := webhook.NewVerifier([]string{vectorSecret}, webhook.WithClock(at(tc.now)))
		require.NoError(t, err)
		_, err = v.Verify(vectorHeader(), []byte(vectorBody))
		assert.Equal(t, tc.ok, err == nil, "now=%d: %v", tc.now, err)
	}
	v, err := webhook.NewVerifier([]string{vectorSecret}, webhook.WithClock(at(vectorTimestamp+3600)), webhook.WithTolerance(2*time.Hour))
	require.NoError(t, err)
	_, err = v.Verify(vectorHeader(), []byte(vectorBody))
	assert.NoError(t, err)
}

func TestVerifierSeveralSignaturesInHeader(t *testing.T) {
	v, err := webhook.NewVerifier([]string{vectorSecret}, webhook.WithClock(at(vectorTimestamp)))
	require.NoError(t, err)
	h := vectorHeader()
	h.Set("webhook-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc "+vectorSignature+" v1a,xyz")
	_, err = v.Verify(h, []byte(vectorBody))
	assert.NoError(t, err)
}

func TestRotationWithTwoSecrets(t *testing.T) {
	oldSecret, err := webhook.NewSecret()
	require.NoError(t, err)
	newSecret, err := webhook.NewSecret()
	require.NoError(t, err)
	thirdSecret, err := webhook.NewSecret()
	require.NoError(t, err)
	now := time.Unix(1700000000, 0)
	body := []byte(`{"type":"document.created","data":{"node_id":1}}`)
	sign := func(secrets ...string) http.Header {
		s, err := webhook.NewSigner(secrets...)
		require.NoError(t, err)
		h, err := s.Headers("evt_1", now, body)
		require.NoError(t, err)
		return h
	}
	for _, tc := range []struct {
		name      string
		verifiers []string
		signers   []string
		ok        bool
	}{
		{"receiver has both, sender old", []string{newSecret, oldSecret}, []string{oldSecret}, true},
		{"receiver has both, sender new", []string{newSecret, oldSecret}, []string{newSecret}, true},
		{"receiver old only, sender both", []string{oldSecret}, []string{newSecret, oldSecret}, true},
		{"receiver new only, sender both", []string{newSecret}, []string{newSecret, oldSecret}, true},
		{"receiver new only, sender old", []string{newSecret}, []string{oldSecret}, false},
		{"receiver both, sender a third", []string{newSecret, oldSecret}, []string{thirdSecret}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := webhook.NewVerifier(tc.verifiers, webhook.WithClock(func() time.Time { return now }))
			require.NoError(t, err)
			_, err = v.Verify(sign(tc.signers...), body)
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, webhook.ErrNoValidSignature)
			}
		})
	}
}

func TestNewVerifierRefusesToConstructWithoutASecret(t *testing.T) {
	for _, tc := range []struct {
		name    string
		secrets []string
		want    error
	}{
		{"nil", nil, webhook.ErrNoSecret},
		{"empty list", []string{}, webhook.ErrNoSecret},
		{"empty string", []string{""}, webhook.ErrNoSecret},
		{"one good one empty", []string{vectorSecret, " "}, webhook.ErrNoSecret},
		{"no prefix", []string{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, webhook.ErrInvalidSecret},
		{"not base64", []string{"whsec_***"}, webhook.ErrInvalidSecret},
		{"too short", []string{"whsec_c2hvcnQ="}, webhook.ErrInvalidSecret},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := webhook.NewVerifier(tc.secrets)
			assert.Nil(t, v)
			assert.ErrorIs(t, err, tc.want)
			assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
			if len(tc.secrets) > 0 && tc.secrets[0] != "" {
				assert.NotContains(t, err.Error(), tc.secrets[0][min(6, len(tc.secrets[0])):], "the secret leaks into the error")
			}
		})
	}
}

func TestSignerRefusesBadIDs(t *testing.T) {
	s, err := webhook.NewSigner(vectorSecret)
	require.NoError(t, err)
	for _, id := range []string{"", "a.b", "a b", "é", string(make([]byte, 257))} {
		_, err := s.Sign(id, time.Now(), nil)
		assert.ErrorIs(t, err, webhook.ErrInvalidID, "%q", id)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	}
}

func TestHMACHeaderScheme(t *testing.T) {
	s, err := webhook.NewHMACHeader(webhook.HMACHeaderConfig{Secrets: []string{"new-secret", "old-secret"}})
	require.NoError(t, err)
	old, err := webhook.NewHMACHeader(webhook.HMACHeaderConfig{Secrets: []string{"old-secret"}})
	require.NoError(t, err)
	body := []byte(`{"type":"document.created"}`)
	h := http.Header{}
	h.Set("X-GitHub-Delivery", "d-1")
	h.Set("X-Hub-Signature-256", old.Sign(body))
	d, err := s.Verify(h, body)
	require.NoError(t, err, "a signature by the old secret verifies during rotation")
	assert.Equal(t, "d-1", d.ID)
	assert.True(t, d.Timestamp.IsZero())

	_, err = s.Verify(h, append(body, ' '))
	assert.ErrorIs(t, err, webhook.ErrNoValidSignature)

	h.Set("X-Hub-Signature-256", "sha1=abcd")
	_, err = s.Verify(h, body)
	assert.ErrorIs(t, err, webhook.ErrInvalidHeaders)
	h.Del("X-Hub-Signature-256")
	_, err = s.Verify(h, body)
	assert.ErrorIs(t, err, webhook.ErrMissingHeaders)

	_, err = webhook.NewHMACHeader(webhook.HMACHeaderConfig{})
	assert.True(t, errors.Is(err, webhook.ErrNoSecret) && errors.Is(err, xecm.ErrInvalidArgument))
	bare, err := webhook.NewHMACHeader(webhook.HMACHeaderConfig{SignatureHeader: "X-Signature", Prefix: webhook.NoPrefix, IDHeader: "X-Event-Id", Secrets: []string{"k"}})
	require.NoError(t, err)
	h2 := http.Header{"X-Signature": {bare.Sign(body)}, "X-Event-Id": {"e1"}}
	_, err = bare.Verify(h2, body)
	assert.NoError(t, err)
}

func TestHMACHeaderDedupKeyIsSignedContentNotTheIDHeader(t *testing.T) {
	s, err := webhook.NewHMACHeader(webhook.HMACHeaderConfig{Secrets: []string{"new-secret", "old-secret"}})
	require.NoError(t, err)
	old, err := webhook.NewHMACHeader(webhook.HMACHeaderConfig{Secrets: []string{"old-secret"}})
	require.NoError(t, err)
	verify := func(signer *webhook.HMACHeader, id string, body []byte) webhook.Delivery {
		t.Helper()
		h := http.Header{"X-Github-Delivery": {id}, "X-Hub-Signature-256": {signer.Sign(body)}}
		d, err := s.Verify(h, body)
		require.NoError(t, err)
		return d
	}
	body := []byte(`{"type":"document.created"}`)
	first := verify(s, "d-1", body)
	assert.Equal(t, "d-1", first.ID)
	assert.NotEmpty(t, first.DedupKey)
	assert.Equal(t, first.DedupKey, verify(s, "d-2", body).DedupKey, "a new ID header must not make a new key")
	assert.Equal(t, first.DedupKey, verify(old, "d-1", body).DedupKey, "a retry signed with the old secret is the same delivery")
	assert.NotEqual(t, first.DedupKey, verify(s, "d-1", append(body, ' ')).DedupKey)
	assert.NotContains(t, first.DedupKey, s.Sign(body)[len("sha256="):], "the key is no signature")
}
