package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

func ExampleSigner_Sign() {
	s, err := webhook.NewSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		panic(err)
	}
	sig, err := s.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(sig)
	// Output: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
}

func ExampleHandler() {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	v, err := webhook.NewVerifier([]string{secret})
	if err != nil {
		panic(err)
	}
	mux := webhook.NewMux()
	mux.Handle(xecm.EventDocumentCreated, func(_ context.Context, ev xecm.Event) error {
		fmt.Printf("document %d %q filed in %d\n", ev.Data.NodeID, ev.Data.Name, ev.Data.ParentID)
		return nil
	})
	h, err := webhook.NewHandler(v, mux.HandleEvent)
	if err != nil {
		panic(err)
	}

	// A delivery as a sender makes it.
	body := `{"type":"document.created","timestamp":"2025-03-01T10:00:00Z","data":{"node_id":4711,"parent_id":2000,"name":"invoice.pdf","subtype":144}}`
	signer, _ := webhook.NewSigner(secret)
	hdr, _ := signer.Headers("evt_1", time.Now(), []byte(body))
	req := httptest.NewRequest(http.MethodPost, "/webhooks/xecm", strings.NewReader(body))
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	fmt.Println(w.Code)
	// Output:
	// document 4711 "invoice.pdf" filed in 2000
	// 204
}
