package webhook_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// Sign refuses a time the Verifier cannot read back (webhook-timestamp is
// unsigned decimal seconds of at most 12 digits): signing it would write
// a delivery every receiver refuses as malformed.
func TestSignerRefusesTimesTheVerifierRefuses(t *testing.T) {
	s, err := webhook.NewSigner(testSecret)
	require.NoError(t, err)
	v, err := webhook.NewVerifier([]string{testSecret})
	require.NoError(t, err)
	for _, ts := range []time.Time{
		{},                         // the zero time, year 1
		time.Unix(-1, 0),           // 1969
		time.Unix(-1, 999_999_999), // a moment before 1970 still
		time.Unix(1e12, 0),         // 13 digits, year 33658
	} {
		_, err := s.Sign("evt_1", ts, []byte(goodBody))
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "Sign %s", ts)
		assert.ErrorContains(t, err, "timestamp", "Sign %s", ts)
		h, err := s.Headers("evt_1", ts, []byte(goodBody))
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "Headers %s", ts)
		assert.Nil(t, h)

		// And the Verifier does refuse that timestamp, whatever the signature.
		h = vectorHeader()
		h.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
		_, err = v.Verify(h, []byte(vectorBody))
		assert.ErrorIs(t, err, webhook.ErrInvalidHeaders, "Verify %s", ts)
	}
}

// The first and last second both sides accept are signed as always, and
// verify.
func TestSignerSignsTheWholeRangeTheVerifierAccepts(t *testing.T) {
	s, err := webhook.NewSigner(testSecret)
	require.NoError(t, err)
	for _, sec := range []int64{0, 1, vectorTimestamp, 1e12 - 1} {
		ts := time.Unix(sec, 0)
		h, err := s.Headers("evt_1", ts.Add(999*time.Millisecond), []byte(goodBody))
		require.NoError(t, err, sec)
		assert.Equal(t, strconv.FormatInt(sec, 10), h.Get(webhook.HeaderTimestamp), "seconds, truncated")
		v, err := webhook.NewVerifier([]string{testSecret}, webhook.WithClock(func() time.Time { return ts }))
		require.NoError(t, err)
		d, err := v.Verify(h, []byte(goodBody))
		require.NoError(t, err, sec)
		assert.Equal(t, ts, d.Timestamp)
	}
}
