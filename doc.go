// Package xecm is a Go client for OpenText Extended ECM: the Content Server
// REST API (v1 and v2), Business Workspaces and Records Management.
//
// Create one Client per deployment and share it; every call takes a context:
//
//	c, err := xecm.NewClient("https://ecm.example.com/otcs/cs.exe",
//		xecm.WithPassword("svc-crm", os.Getenv("ECM_PASSWORD")))
//	if err != nil { ... }
//	node, err := c.Nodes.Get(ctx, 2000, nil)
//
// The services hang off the client: [Client.Nodes], [Client.Documents],
// [Client.Metadata], [Client.Workspaces], [Client.Records], [Client.Audit],
// [Client.Search], [Client.Members], [Client.Permissions],
// [Client.Workflows] and [Client.Events]. The xecmtest package is an
// in-memory Extended ECM for tests and local development; the webhook
// package receives signed event callbacks in an http.Handler.
//
// # Authentication
//
// Exactly one credential option is given to NewClient:
//
//   - [WithPassword] (or [WithPasswordInDomain]): a Content Server user;
//     the SDK logs in at POST api/v1/auth and uses the OTCSTicket.
//   - [WithOTDSCredentials]: logs in at OTDS, then exchanges the OTDS
//     ticket for a Content Server ticket at GET api/v1/auth.
//   - [WithOTDSTicket]: an OTDS ticket obtained elsewhere, exchanged likewise.
//   - [WithTokenSource]: an OAuth2 token source, for example
//     golang.org/x/oauth2/clientcredentials against the OTDS token endpoint
//     {otds}/otdsws/oauth2/token. With [ExchangeToken] (the default) the
//     token is traded for a ticket; with [BearerToken] it is sent as
//     "Authorization: Bearer". Build the token source once with a
//     long-lived context, and give it its own http.Client through the
//     oauth2.HTTPClient context key; never reuse the SDK client for it.
//   - [WithTicket]: a fixed ticket; [WithTicketSource]: your own source.
//
// Logins are lazy (NewClient does no I/O) and single-flight: however many
// goroutines need a ticket, one login runs. The ticket the server rotates in
// the OTCSTicket response header is adopted. A 401 invalidates the ticket,
// logs in once more and replays the request once when its body can be
// rebuilt. Credentials are only sent to the base URL's host, never follow a
// redirect elsewhere, and never appear in errors or logs.
//
// # Errors
//
// Server failures are [*APIError] values with the status, the server's
// message, detail and request_id. Test them with errors.Is against
// [ErrNotFound], [ErrUnauthorized], [ErrForbidden], [ErrConflict],
// [ErrAlreadyExists] and [ErrRateLimited]; Content Server reports "not found"
// and "already exists" with 400 or 500 as often as with 404, and the
// classification reads the message as well as the status. A 200 whose body
// says ok:false, or is not JSON, is an error too. Arguments the SDK refuses
// before sending anything wrap [ErrInvalidArgument] and name the field. A
// change whose answer was lost (a create or upload sent without reply,
// answered 502 or 504 by a gateway, or any change an earlier attempt of
// which went unanswered) wraps [ErrOutcomeUnknown]: look the item up
// before trying again.
//
// # Endpoints the SDK does not wrap
//
// [Client.NewRequest] and [Client.Do] send any API call through the same
// executor as the services (login, ticket rotation, 401 replay, retries,
// typed errors), decoding JSON into the caller's value or copying the body
// into an io.Writer; [Client.DoStream] returns the open body:
//
//	req, err := c.NewRequest("GET", "v1/volumes/141", nil)
//	var vol struct{ Results json.RawMessage }
//	_, err = c.Do(ctx, req, &vol)
//
// # Pagination
//
// List methods return a [Page] with the paging state, whatever layout the
// endpoint uses (collection.paging, top-level paging, or v1 flat fields).
// Each has an ...Iter twin returning an iter.Seq2 that fetches pages lazily,
// stops when the loop breaks, on an empty page, at page_total or when the
// server repeats a page, never changes the options it was given, and yields
// an error once:
//
//	for node, err := range c.Nodes.ListChildrenIter(ctx, 2000, nil) {
//		if err != nil { return err }
//		fmt.Println(node.Name)
//	}
//
// # Uploads and downloads
//
// Uploads stream through an io.Pipe and a multipart writer, so memory stays
// flat at any size. Give content as a one-shot io.Reader (sent once, never
// retried) or as a reopenable source (an Open function, or an io.ReaderAt
// with its size such as *os.File), which makes the upload safe to retry and
// to replay after a fresh login. Large files use the server's large-file
// API (/v2/multipart sessions) with each part retried on its own. Downloads
// return an open stream after the status is checked; DownloadTo resumes
// with Range when a connection drops, and verifies the length and, when a
// digest is given, the SHA-256.
//
// # Retries
//
// Requests go through github.com/hashicorp/go-retryablehttp with a
// method-aware policy ([RetryPolicy]): GET, HEAD, PUT and DELETE retry on
// transport errors and 408, 429, 502, 503 and 504 (GET and HEAD also on 500
// and on a 200 that is not JSON), with exponential, fully jittered backoff
// that honours Retry-After up to [RetryPolicy].MaxRetryAfter. A POST is
// retried only when it never left the machine, because Content Server
// answers a repeated create with "already exists"; an upload whose content
// can be reopened is also sent again after 429 or 503, answers that say the
// server did nothing. Mark a POST that is safe to repeat with
// [WithIdempotent].
//
// # Concurrency
//
// A Client is safe for concurrent use and holds no package-level state;
// services are stateless views of it. Iterators are not safe for use by
// several goroutines at once; create one per goroutine.
//
// # Events
//
// Extended ECM publishes no outbound webhook format, so this SDK defines
// one on the Standard Webhooks specification: [Event] values with dotted
// types such as document.created, version.added and document.approved, in
// a JSON envelope {"type","timestamp","data"}. They arrive two ways: pushed
// to a webhook.Handler that verifies their signatures, or pulled by
// c.Events.Watch, which polls the audit trails of watched nodes and resumes
// from a durable checkpoint. Watch tells audit entries apart by the names
// the server gives them (its ids differ between servers); entries whose
// names are not public (moves, holds, workflow steps) need
// WatchOptions.AuditEventTypes naming what your own event scripts write.
package xecm
