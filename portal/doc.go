// Package portal publishes approved content out of Extended ECM over HTTP:
// to intranets and employee portals that have no ECM access, and, through
// signed links, to suppliers, auditors and customers.
//
//	src := portal.NewClientSource(client) // or any Source
//	h, err := portal.New(src, portal.Config{
//		Policy: portal.Policy{
//			Roots:     []int64{policiesFolder},
//			Require:   []portal.Condition{{Category: "Document Control", Attribute: "Status", Values: []string{"Approved"}}},
//			Approval:  portal.Approval{Category: "Document Control", VersionAttribute: "Approved Version"},
//			MIMETypes: []string{"application/pdf"},
//		},
//		DirectAccess: true,
//		Collections:  map[string]portal.Collection{"policies": {Folder: policiesFolder}},
//	})
//	mux.Handle("/docs/", http.StripPrefix("/docs", h))
//
// # Publication policy
//
// Nothing is published unless the Policy says so: a document must lie under
// one of its roots (folders or business workspaces) and carry the required
// category values, and the version asked for must be approved, be one the
// version rule serves and have an allowed MIME type.
//
// The portal publishes versions, not documents. Category values such as
// Status = Approved describe the document, and stay true when someone adds
// a version nobody reviewed; so the Policy must also say where the approval
// of a version is recorded (Approval: the approved version number, or when
// the approval was given), and New refuses a Policy without it. A new
// version is then not served, as the latest, by number or through a link,
// until it is approved in turn; the approved version stays served
// meanwhile, and a link made for "the latest" pins the latest approved
// version. There is deliberately no setting that publishes whatever version
// is newest: derived from Status alone, the latest version would be
// published merely because the document was approved once. Everything else, including a document that
// does not exist and one the ECM account may not see, is answered 404 with
// the same body, so a reader cannot tell them apart, whatever the method:
// a method other than GET and HEAD is answered 405 (Allow: GET, HEAD) only
// where a GET would be served.
//
// # Content
//
// Content is streamed from the Source, never buffered, with Content-Type,
// Content-Length, Content-Disposition (inline; attachment with ?download),
// a strong ETag per version (with the SHA-256 when the Source knows it),
// Last-Modified (when the version was added) and, like the listings,
// Cache-Control: private, no-cache. Each answer is for one reader, whom
// the intranet's login or the link's checks let in, so shared caches must
// not store it; readers' own caches revalidate every time, so that a
// withdrawn document stops being served at once. Errors are no-store.
// Preconditions follow RFC
// 9110 §13.2.2: If-Match (strong) and If-Unmodified-Since answer 412
// Precondition Failed, If-None-Match and If-Modified-Since 304; so a
// partner resuming with If-Match or If-Range and the ETag it started with
// never gets bytes of another version. A date names a version only if no other version of
// the document was added in the same second; otherwise an equal date does
// not satisfy If-Range, If-Unmodified-Since or If-Modified-Since. On
// /documents/{id}, which serves whatever approved version is latest and
// moves back to an older version when the newest is deleted or its
// approval moves back, dates hold nothing at all: a
// date in If-Range sends the whole content, If-Unmodified-Since answers
// 412 and If-Modified-Since is ignored (pinned URLs and ETags still
// work). One byte
// range answers 206 (several ranges get the whole content), passed to the
// Source, which may start earlier: the Handler then skips. HEAD answers
// the headers without opening the content.
//
// A version whose size the server does not give is sent whole (ranges are
// ignored, Accept-Ranges: none), with a Content-Length only when the
// content's own length is known; content whose length contradicts the
// version's size is refused (502). A stream that fails midway, too late
// for a status, aborts the response (http.ErrAbortHandler), so the reader
// sees a failed transfer, never a short one that looks complete.
//
// # Signed links
//
// A Signer makes tokens that grant one pinned version of one document until
// an expiry, optionally to one partner: HMAC-SHA256 over a canonical,
// length-prefixed encoding of key ID, document, version, partner and
// expiry, compared in constant time. Several keys verify, the first signs,
// so keys rotate without breaking links already handed out. A newer version
// of the document never satisfies a link: it serves the version it was
// signed for, or nothing, and only while the policy publishes that
// version (approved, and served by the version rule). Handler.NewLink
// checks the policy and the partner's workspaces before signing; a link
// for "the latest" pins the latest approved version.
//
// Statuses of /links/{token}: 401 (with WWW-Authenticate) for a token that
// is malformed, altered, signed by an unknown key ("invalid_link") or past
// its expiry ("link_expired"); 403 when the link's partner is not the
// caller (Config.PartnerOf), is unknown, or may no longer receive the
// document; 404 when the pinned version is not published. Every request
// through a link is logged (partner, document, version, status, bytes) and
// passed to Config.OnAccess.
//
// # Errors
//
// Readers never see ECM credentials or ECM error text: a failure of the
// Source is logged and answered 502 with a fixed message.
//
// # Cache
//
// Metadata (nodes, versions, categories, listings; never content) is kept
// in a bounded, expiring cache, fetched once however many requests wait for
// it. Invalidate, InvalidateAll and HandleEvent (an xecm.EventFunc, for a
// webhook.Handler or EventsService.Watch) drop entries before they expire.
package portal
