package webhook_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xecm-go/xecm/webhook"
)

// FuzzVerify feeds arbitrary headers and bodies to the verifier: it must
// never panic, never accept what the secret did not sign, and always accept
// what it did.
func FuzzVerify(f *testing.F) {
	f.Add(vectorID, strconv.Itoa(vectorTimestamp), vectorSignature, vectorBody)
	f.Add("msg_1", "1614265330", "v1,AAAA v1a,BBBB", "{}")
	f.Add("", "", "", "")
	f.Add("a.b", "-1", "v1,", "\x00")
	f.Add("msg_2", "99999999999999999999", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= garbage", `{"type":1}`)
	v, err := webhook.NewVerifier([]string{vectorSecret}, webhook.WithClock(at(vectorTimestamp)))
	if err != nil {
		f.Fatal(err)
	}
	s, err := webhook.NewSigner(vectorSecret)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, id, ts, sig, body string) {
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set("webhook-timestamp", ts)
		h.Set("webhook-signature", sig)
		d, err := v.Verify(h, []byte(body))
		if err == nil {
			want, serr := s.Sign(id, d.Timestamp, []byte(body))
			if serr != nil || !containsField(sig, want) {
				t.Fatalf("accepted a delivery the secret did not sign: id=%q ts=%q sig=%q", id, ts, sig)
			}
		}
		// What the signer signs always verifies.
		if good, serr := s.Sign(id, time.Unix(vectorTimestamp, 0), []byte(body)); serr == nil {
			h.Set("webhook-timestamp", strconv.Itoa(vectorTimestamp))
			h.Set("webhook-signature", good)
			if _, err := v.Verify(h, []byte(body)); err != nil {
				t.Fatalf("refused a genuine delivery (id %q): %v", id, err)
			}
		}
	})
}

func containsField(list, f string) bool {
	for _, x := range strings.Fields(list) {
		if x == f {
			return true
		}
	}
	return false
}
