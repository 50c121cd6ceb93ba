// Package webhook receives and sends the signed event callbacks of the xecm
// SDK.
//
// Extended ECM publishes no outbound webhook format of its own, so xecm
// defines one on the Standard Webhooks specification
// (https://www.standardwebhooks.com): a POST whose body is the JSON event
// envelope {"type","timestamp","data"} (xecm.Event) and whose headers are
// webhook-id (the event ID), webhook-timestamp (Unix seconds of the
// attempt) and webhook-signature ("v1,<base64 HMAC-SHA256 of
// id.timestamp.body>", several separated by spaces during a key rotation).
// Secrets are written "whsec_<base64>".
//
// # Receiving
//
// A Handler is an http.Handler to mount in any server. It reads at most
// MaxBodyBytes of the raw body, verifies it with a Scheme (Verifier for
// Standard Webhooks, HMACHeader for GitHub-style hex signatures), parses the
// event, drops duplicates (Deduper: by event ID, or by what else the
// scheme signs where it does not sign the ID) and calls the function given:
//
//	v, err := webhook.NewVerifier(strings.Fields(os.Getenv("XECM_WEBHOOK_SECRET")))
//	...
//	mux := webhook.NewMux()
//	mux.Handle(xecm.EventDocumentCreated, func(ctx context.Context, ev xecm.Event) error {
//		return erp.DocumentFiled(ctx, ev.Data.NodeID, ev.Data.WorkspaceID)
//	})
//	h, err := webhook.NewHandler(v, mux.HandleEvent)
//	...
//	http.Handle("POST /webhooks/xecm", h)
//
// Its answers tell the sender what to do: 2xx (accepted, or a duplicate
// already accepted), 400 (malformed request), 401 (not authentic or out of
// the timestamp tolerance), 405, 413, 500 when the function failed, so
// that the sender delivers again, and 503 with Retry-After for a duplicate
// of a delivery still being processed, which may yet fail, or when the
// Deduper cannot be reached (nothing is acknowledged that was not
// deduplicated). The function should be quick: senders time out after 15
// to 30 seconds; queue heavy work.
//
// Replicas of a receiver share a ClaimDeduper (store/redisstore,
// store/pgstore): its claims say across replicas that a delivery is in
// progress, and are freed only by the delivery that made them.
//
// # Sending
//
// A Signer produces the headers; a Sender delivers events to subscriber
// URLs with retries, for relays (see c.Events.Watch) and for tests. A Relay
// puts an Outbox between the source and the Sender: an event is stored
// before the source moves past it and removed once the subscriber
// acknowledged it, so a relay that dies in between loses nothing.
//
// Nothing in this package logs or returns secret material.
package webhook
