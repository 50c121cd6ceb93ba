package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestShortestAcceptedDedupTTLStopsTheLatestReplay(t *testing.T) {
	// The worst case: the first delivery verifies as early as its stamp
	// allows (stamp − tolerance), its replay as late (stamp + tolerance).
	// With the shortest TTL NewHandler accepts, the replay is still a
	// duplicate.
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	stamp := time.Unix(1700000000, 0)
	now := stamp.Add(-DefaultTolerance)
	clock := func() time.Time { return now }
	v, err := NewVerifier([]string{secret}, WithClock(clock))
	require.NoError(t, err)
	d := NewMemoryDeduper(0)
	d.now = clock
	calls := 0
	fn := func(context.Context, xecm.Event) error { calls++; return nil }
	_, err = NewHandler(v, fn, WithDeduper(d), WithDedupTTL(v.ReplayWindow()))
	require.ErrorIs(t, err, xecm.ErrInvalidArgument, "a TTL of exactly the window leaves its last instant open")
	h, err := NewHandler(v, fn, WithDeduper(d), WithDedupTTL(v.ReplayWindow()+time.Nanosecond))
	require.NoError(t, err)

	signer, err := NewSigner(secret)
	require.NoError(t, err)
	body := `{"type":"document.created","data":{"node_id":1}}`
	hdr, err := signer.Headers("evt_1", stamp, []byte(body))
	require.NoError(t, err)
	deliver := func() int {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		for k, vs := range hdr {
			r.Header[k] = vs
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	require.Equal(t, http.StatusNoContent, deliver())
	now = stamp.Add(DefaultTolerance)
	assert.Equal(t, http.StatusNoContent, deliver())
	assert.Equal(t, 1, calls, "the replay at the end of the window was processed")
	now = now.Add(time.Nanosecond)
	assert.Equal(t, http.StatusUnauthorized, deliver(), "past the window the verifier refuses it by age")
}
