package portal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrNotAllowed: the partner may not receive that document (it lies
// outside the partner's workspaces), or the partner is unknown.
var ErrNotAllowed = errors.New("portal: partner not allowed")

// AccessRecord describes one request through a signed link, granted or
// refused. It never holds the token.
type AccessRecord struct {
	Time     time.Time
	Partner  string // the link's partner, "" for an unbound link or an unreadable token
	Document int64  // 0 when the token could not be read
	Version  int
	Status   int   // the HTTP status answered
	Bytes    int64 // content bytes sent
	Ranged   bool  // a byte range was served
	// Reason says why access was refused: "invalid link", "link expired",
	// "wrong partner", "unknown partner", "outside partner workspaces",
	// "not published", "upstream failure", "method not allowed"; or
	// "stream broken" when the content failed midway (the response was
	// aborted); "" when granted.
	Reason string
	Remote string // the request's RemoteAddr
}

// serveLink answers /links/{token}. Statuses: 401 for a token that is
// malformed, altered, signed with an unknown key or expired; 403 for an
// authentic link used by another partner than its own, or whose partner
// is no longer allowed the document; 404 for a pinned version the policy
// does not (or no longer) publish; 405 for a method other than GET and
// HEAD on a link that would be served.
func (h *Handler) serveLink(w http.ResponseWriter, r *http.Request) {
	rec := AccessRecord{Time: h.now().UTC(), Remote: r.RemoteAddr}
	defer func() { h.logAccess(rec) }()

	link, err := h.cfg.Signer.Verify(r.PathValue("token"), h.now())
	rec.Partner, rec.Document, rec.Version = link.Partner, link.Document, link.Version
	switch {
	case errors.Is(err, ErrLinkExpired):
		rec.Status, rec.Reason = h.refuseLink(w, "link_expired", "this link has expired"), "link expired"
		return
	case err != nil:
		rec.Status, rec.Reason = h.refuseLink(w, "invalid_link", "this link is not valid"), "invalid link"
		rec.Partner, rec.Document, rec.Version = "", 0, 0 // unauthenticated: do not log as fact
		return
	}

	var partner Partner
	if link.Partner != "" {
		p, known := h.cfg.Partners[link.Partner]
		if !known {
			rec.Status, rec.Reason = h.forbid(w), "unknown partner"
			return
		}
		partner = p
	}
	if h.cfg.PartnerOf != nil && link.Partner != "" {
		if caller, ok := h.cfg.PartnerOf(r); !ok || caller != link.Partner {
			rec.Status, rec.Reason = h.forbid(w), "wrong partner"
			return
		}
	}

	pub, err := h.resolve(r.Context(), link.Document, link.Version)
	if err != nil {
		rec.Status = h.upstreamFailure(w, r, err, "resolving link", link.Document, link.Version)
		rec.Reason = "upstream failure"
		if isNotFound(err) {
			rec.Reason = "not published"
		}
		return
	}
	if link.Partner != "" && !under(partner.Workspaces, pub.doc.Ancestors) {
		rec.Status, rec.Reason = h.forbid(w), "outside partner workspaces"
		return
	}
	if !allowRead(w, r) {
		rec.Status, rec.Reason = http.StatusMethodNotAllowed, "method not allowed"
		return
	}
	d := h.serveVersion(w, r, pub)
	rec.Status, rec.Bytes, rec.Ranged = d.status, d.bytes, d.ranged
	switch {
	case d.status >= 500:
		rec.Reason = "upstream failure"
	case d.broken:
		rec.Reason = "stream broken" // logged on the way out of the abort
	}
	abortBroken(d)
}

// refuseLink answers 401 for a link that does not authenticate.
func (h *Handler) refuseLink(w http.ResponseWriter, code, message string) int {
	w.Header().Set("WWW-Authenticate", `Signed-Link realm="portal", error="`+code+`"`)
	writeError(w, http.StatusUnauthorized, code, message)
	return http.StatusUnauthorized
}

func (h *Handler) forbid(w http.ResponseWriter) int {
	writeError(w, http.StatusForbidden, "forbidden", "this link is not valid for you")
	return http.StatusForbidden
}

func (h *Handler) logAccess(rec AccessRecord) {
	h.log.Info("portal: external access", "partner", rec.Partner, "document", rec.Document, "version", rec.Version,
		"status", rec.Status, "bytes", rec.Bytes, "ranged", rec.Ranged, "reason", rec.Reason, "remote", rec.Remote)
	if h.cfg.OnAccess != nil {
		h.cfg.OnAccess(rec)
	}
}

// LinkRequest asks NewLink for a signed link.
type LinkRequest struct {
	Document int64
	// Version to pin; 0 pins the version the policy serves as latest now:
	// the latest approved version, never a newer one awaiting approval.
	Version int
	// Partner, if set, binds the link to a partner of Config.Partners.
	Partner string
	// TTL is how long the link works, up to Config.MaxLinkTTL. Required.
	TTL time.Duration
}

// IssuedLink is a signed link ready to hand out.
type IssuedLink struct {
	Link
	// Token is the signed token.
	Token string
	// Path is where the Handler serves it, relative to its mount point:
	// "links/{token}".
	Path string
}

// NewLink checks that a document version is published (and, for a
// partner, inside the partner's workspaces) and returns a signed link to
// it, pinned to that version. Errors wrap xecm.ErrInvalidArgument for a
// bad request, ErrNotFound for a document the policy does not publish, or
// ErrNotAllowed for a partner who may not receive it.
func (h *Handler) NewLink(ctx context.Context, req LinkRequest) (*IssuedLink, error) {
	switch {
	case h == nil:
		return nil, invalid("NewLink: nil Handler: make it with New")
	case h.cfg.Signer == nil:
		return nil, invalid("NewLink: links are not enabled (Config.Signer is nil)")
	case req.Document <= 0:
		return nil, invalid("NewLink: Document must be a positive node ID, got %d", req.Document)
	case req.Version < 0:
		return nil, invalid("NewLink: Version must not be negative, got %d", req.Version)
	case req.TTL <= 0 || req.TTL > h.cfg.MaxLinkTTL:
		return nil, invalid("NewLink: TTL must be positive and at most %s, got %s", h.cfg.MaxLinkTTL, req.TTL)
	}
	var partner Partner
	if req.Partner != "" {
		p, ok := h.cfg.Partners[req.Partner]
		if !ok {
			return nil, fmt.Errorf("%w: unknown partner %q", ErrNotAllowed, req.Partner)
		}
		partner = p
	}
	pub, err := h.resolve(ctx, req.Document, req.Version)
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("portal: document %d version %d is not published: %w", req.Document, req.Version, ErrNotFound)
		}
		return nil, fmt.Errorf("portal: NewLink: %w", err)
	}
	if req.Partner != "" && !under(partner.Workspaces, pub.doc.Ancestors) {
		return nil, fmt.Errorf("%w: partner %q may not receive document %d", ErrNotAllowed, req.Partner, req.Document)
	}
	l := Link{Document: req.Document, Version: pub.version.Number, Partner: req.Partner, Expires: linkExpiry(h.now(), req.TTL)}
	token, err := h.cfg.Signer.Sign(l)
	if err != nil {
		return nil, err
	}
	return &IssuedLink{Link: l, Token: token, Path: "links/" + token}, nil
}

// linkExpiry is now+ttl rounded up to a whole second, so that a link
// lasts at least its TTL. It rounds the time, not the Duration: ttl+1s-1
// overflows for a TTL near the longest Duration, and the link would be
// born expired; time.Time's arithmetic does not wrap.
func linkExpiry(now time.Time, ttl time.Duration) time.Time {
	exp := now.Add(ttl).UTC()
	if down := exp.Truncate(time.Second); down.Before(exp) {
		return down.Add(time.Second)
	}
	return exp
}
