package portal

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// approve records an approval of document id in its "Document Control"
// category: the version numbers and the time given (either may be nil).
func approve(f *fakeSource, id int64, versions []any, at any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	vals := f.nodes[id].cats[0].Values
	if versions != nil {
		vals["Approved Versions"] = versions
	}
	if at != nil {
		vals["Approved On"] = at
	}
}

// A new version of an approved document is not published, as the latest
// or through a link, until the approval covers it; the approved version
// stays served meanwhile.
func TestApprovalPublishesVersionsNotDocuments(t *testing.T) {
	for name, rule := range map[string]Approval{
		"by version": {Category: "Document Control", VersionAttribute: "Approved Versions"},
		"by date":    {Category: "Document Control", DateAttribute: "Approved On"},
	} {
		t.Run(name, func(t *testing.T) {
			src := fixture()
			// 101 has versions 1 and 2 (created t0+1d and t0+2d); version 2 is approved.
			approve(src, 101, []any{float64(2)}, t0.Add(2*24*time.Hour+time.Hour).Format("2006-01-02T15:04:05"))
			h, _ := newTestHandler(t, src, func(cfg *Config) {
				a := rule
				cfg.Policy.Approval = &a
			})
			w := get(h, "GET", "/documents/101")
			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, "handbook version two!", w.Body.String())

			// A third version arrives (t0+3d), unreviewed.
			src.addVersion(101, "application/pdf", "unreviewed version three")
			h.Invalidate(101)
			w = get(h, "GET", "/documents/101")
			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, "handbook version two!", w.Body.String(), "the unapproved version is not the latest served")
			assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/3").Code)

			l, err := h.NewLink(context.Background(), LinkRequest{Document: 101, TTL: time.Hour})
			require.NoError(t, err)
			assert.Equal(t, 2, l.Version, "a link made for the latest pins the approved version")
			_, err = h.NewLink(context.Background(), LinkRequest{Document: 101, Version: 3, TTL: time.Hour})
			require.ErrorIs(t, err, ErrNotFound, "no link to an unapproved version")

			// Approved in turn, it is published.
			approve(src, 101, []any{float64(2), "3"}, t0.Add(4*24*time.Hour).Format(time.RFC3339))
			h.Invalidate(101)
			w = get(h, "GET", "/documents/101")
			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, "unreviewed version three", w.Body.String())
		})
	}
}

// A document whose category records no approval publishes no version.
func TestApprovalMissingPublishesNothing(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, func(cfg *Config) {
		cfg.Policy.Approval = &Approval{Category: "Document Control", VersionAttribute: "Approved Versions", DateAttribute: "Approved On"}
	})
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101").Code)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/1").Code)
	assert.Zero(t, src.count("Open"))
}

func TestApprovalRuleIsChecked(t *testing.T) {
	for _, a := range []Approval{
		{VersionAttribute: "Approved Versions"},
		{Category: "Document Control"},
	} {
		cfg := baseConfig(&clock{t: t0})
		cfg.Policy.Approval = &a
		_, err := New(fixture(), cfg)
		require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	}
}
