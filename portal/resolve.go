package portal

import (
	"context"
	"errors"
	"fmt"

	"github.com/xecm-go/xecm"
)

// errUnpublished is the verdict for anything outside the policy; it is
// answered exactly like a missing document.
var errUnpublished = fmt.Errorf("outside the publication policy: %w", ErrNotFound)

// published is a document version the policy serves.
type published struct {
	doc     *DocumentInfo
	version *VersionInfo
	// latest is the version served as "latest" when this one was asked for
	// by number, for the listing; nil when not needed.
	latest *VersionInfo
	// dateStrong: the version's Last-Modified names it alone (see
	// validators).
	dateStrong bool
	// unpinned: the latest was asked for, not a version by number (see
	// validators.unpinned).
	unpinned bool
}

// resolve decides whether version number (0: the latest served) of a
// document is published, reading metadata through the cache. Anything
// outside the policy fails with an error matching ErrNotFound.
func (h *Handler) resolve(ctx context.Context, id int64, number int) (*published, error) {
	if id <= 0 || number < 0 {
		return nil, errUnpublished
	}
	doc, err := h.document(ctx, id)
	if err != nil {
		return nil, err
	}
	return h.resolveDoc(ctx, doc, number)
}

// resolveDoc is resolve for a document already read.
func (h *Handler) resolveDoc(ctx context.Context, doc *DocumentInfo, number int) (*published, error) {
	p := &h.cfg.Policy
	if doc.Type != xecm.TypeDocument || !under(p.Roots, doc.Ancestors) {
		return nil, errUnpublished
	}
	cats, err := h.categories(ctx, doc.ID)
	if err != nil {
		return nil, err
	}
	if !p.satisfied(cats) {
		return nil, errUnpublished
	}
	versions, err := h.versions(ctx, doc.ID)
	if err != nil {
		return nil, err
	}
	serve, latest := p.servable(doc, versions, cats)
	v := latest
	if number > 0 {
		v = serve(number)
	}
	if v == nil || !p.allowsType(v.MimeType) {
		return nil, errUnpublished
	}
	return &published{doc: doc, version: v, latest: latest, dateStrong: dateStrong(v, versions), unpinned: number == 0}, nil
}

func (h *Handler) document(ctx context.Context, id int64) (*DocumentInfo, error) {
	v, err := h.cache.get(ctx, cacheKey{kindDocument, id}, func(ctx context.Context) (any, []int64, error) {
		d, err := h.src.Document(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		if d == nil || d.ID != id {
			return nil, nil, fmt.Errorf("source returned node %v for %d", d, id)
		}
		return d, d.Ancestors, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*DocumentInfo), nil
}

func (h *Handler) versions(ctx context.Context, id int64) ([]VersionInfo, error) {
	v, err := h.cache.get(ctx, cacheKey{kindVersions, id}, func(ctx context.Context) (any, []int64, error) {
		vs, err := h.src.Versions(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		return h.checkDigests(id, vs), nil, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]VersionInfo), nil
}

func (h *Handler) categories(ctx context.Context, id int64) ([]CategoryValues, error) {
	v, err := h.cache.get(ctx, cacheKey{kindCategories, id}, func(ctx context.Context) (any, []int64, error) {
		cs, err := h.src.Categories(ctx, id)
		return cs, nil, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]CategoryValues), nil
}

// isNotFound reports whether err is a verdict to answer with 404.
func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
