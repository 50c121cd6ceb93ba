// Package xecmtest is an in-memory OpenText Extended ECM (Content Server
// REST API v1/v2 plus an OTDS stand-in) for tests and demos, in the spirit
// of net/http/httptest:
//
//	srv := xecmtest.NewServer()
//	defer srv.Close()
//	// srv.URL is e.g. "http://127.0.0.1:38211/otcs/cs.exe"; clients append /api/v1|v2.
//	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contracts")
//
// It speaks the wire format of the real server, quirks included: form
// requests with JSON in the "body" field, v1 and v2 envelopes, timestamps
// with a zone in v2 and without one in v1 and audit, 400 for an unknown
// node, 500 for "already exists", 409 for a stale metadata_token, and a
// fresh ticket in the OTCSTicket response header on every successful
// authenticated response. It is never bent to fit a client.
//
// # Seed data
//
// Node 2000 is the Enterprise Workspace (type 141), the only node of the
// tree; the areas seed their own definitions beside it: categories
// (ContractCategoryID, CustomerCategoryID, DocumentControlCategoryID and the
// workspace templates' CategoryCustomer, CategorySupplier,
// CategoryLegalMatter), workspace types and templates (TemplateCustomer,
// TemplateSupplier, TemplateLegalMatter), the records management
// classification tree, RSIs and holds (RMClass*, RSI*, Hold*), and an
// approval workflow map (ApprovalMapID: review by jdoe, then approval by
// msmith). Use AddFolder, AddEmptyDocument, AddWorkspace and the other
// helpers to seed data from Go, and Node, Children, StoredVersions,
// CategoryValues, RMClassification, HoldIDs, Workspaces and AuditTrail to
// inspect it. New node ids start at 100001.
//
// Users (all in group DefaultGroup, id 2001):
//
//	id    name    password
//	1000  Admin   livelink    (administrator)
//	1001  jdoe    jdoe-pw
//	1002  msmith  msmith-pw
//
// # Authentication
//
//   - POST api/v1/auth with form fields username and password returns
//     {"ticket":"..."}; bad credentials 401, a missing username 500, a
//     non-empty domain 401 ("Domain support is disabled").
//   - Authenticated requests send OTCSTicket (any case). An OTDSTicket
//     header or "Authorization: Bearer" with a credential issued by the
//     simulated OTDS works too, directly or exchanged at GET api/v1/auth.
//   - Every successful authenticated response carries OTCSTicket and
//     OTCSTicketExpires (RFC 3339) headers. Earlier tickets stay valid until
//     their own expiry (WithTicketLifetime, default 30 minutes; sliding).
//   - DELETE api/v1/auth ends the session; ExpireTickets invalidates every
//     OTCS ticket at once, ExpireOTDSTokens every OTDS ticket and token.
//   - OTDS lives at the server root (OTDSURL): POST
//     /otdsws/rest/authentication/credentials with {"userName","password"}
//     returns {"ticket":"*OTDSSSO*...*","userId":...}; POST
//     /otdsws/oauth2/token serves the client_credentials and password
//     grants for clients registered with WithOAuthClient or AddOAuthClient.
//
// # Audit
//
// Every change whose audit entry the vendor's recorded answers show records
// an AuditEntry on the node, with the vendor's event type names and ids
// (Event* constants): create 1, copy 4 on the source and "Create from Copy"
// 92 on each copy, rename 5, reserve 6, unreserve 7, permission changes 9,
// attribute value changes 10, version added 11, version opened 14, RM
// classification 264. GET api/v2/nodes/{id}/audit serves them, each with
// its audit_name, and the trail's audit_event_types table (id -> name).
// WithAuditEventIDs numbers them otherwise, as another server may.
// Deletions, moves, holds and workflow steps have no public entry: the
// simulator writes its invented ones (EventDelete ... EventWorkflowRejected)
// only with WithInventedAuditEvents.
//
// # Event callbacks
//
// Every audit entry also becomes a signed xecm event (Standard Webhooks,
// the same event and ID that the SDK's Events.Watch derives from the
// trail), delivered with retries to the subscribers registered with
// AddSubscription or the simulator-only admin endpoint POST
// /xecmsim/webhooks (see Subscription). Deliveries and WaitForDeliveries
// inspect them.
//
// # Faults and inspection
//
// InjectFault makes matching requests fail in one of the FaultKind ways
// (error status with Retry-After, latency, dropped connections before or
// after the handler ran, a connection dropped mid-body, an HTML 200, a
// truncated body, a redirect, an endless answer). Requests returns the request log; Routes lists every
// REST route served.
package xecmtest
