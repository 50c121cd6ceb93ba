package portal

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// created is when the fixture's version n was added (see addVersion).
func created(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }

// approvalWays are the ways an approval can be recorded, each with the
// function that records the approval of version n of a document, as an
// approval workflow would.
var approvalWays = map[string]struct {
	rule    Approval
	approve func(f *fakeSource, id int64, n int)
}{
	"by version": {
		Approval{Category: "Document Control", VersionAttribute: "Approved Versions"},
		func(f *fakeSource, id int64, n int) { f.approveVersions(id, n) },
	},
	"by date": {
		Approval{Category: "Document Control", DateAttribute: "Approved On"},
		func(f *fakeSource, id int64, n int) {
			f.approveVersions(id) // the date alone decides
			f.setValue(id, "Approved On", created(n).Add(time.Hour).Format("2006-01-02T15:04:05"))
		},
	},
	"by version and date": {
		Approval{CategoryID: 7100, VersionAttribute: "Approved Versions", DateAttribute: "Approved On"},
		func(f *fakeSource, id int64, n int) {
			f.approveVersions(id, n)
			f.setValue(id, "Approved On", created(n).Add(time.Hour).Format(time.RFC3339))
		},
	},
}

// forEachWayAndRule runs test for every way of recording the approval
// under the LatestVersion and AllVersions rules, with the fixture's
// document 101 approved at version 2.
func forEachWayAndRule(t *testing.T, test func(t *testing.T, src *fakeSource, h *Handler, approve func(f *fakeSource, id int64, n int))) {
	for way, w := range approvalWays {
		for rname, rule := range map[string]VersionRule{"latest": LatestVersion, "all": AllVersions} {
			t.Run(way+"/"+rname, func(t *testing.T) {
				src := fixture()
				w.approve(src, 101, 2)
				h, _ := newTestHandler(t, src, func(cfg *Config) { cfg.Policy.Approval, cfg.Policy.Versions = w.rule, rule })
				test(t, src, h, w.approve)
			})
		}
	}
}

// A new version of an approved document is not published, as the latest,
// by number or through a link made before or after it, until the approval
// covers it; the approved version stays served meanwhile. Before the
// approval was required, a portal without it served the new version at
// once, and a link made with Version 0 pinned it.
func TestApprovalPublishesVersionsNotDocuments(t *testing.T) {
	forEachWayAndRule(t, func(t *testing.T, src *fakeSource, h *Handler, approve func(f *fakeSource, id int64, n int)) {
		r := get(h, "GET", "/documents/101")
		require.Equal(t, http.StatusOK, r.Code)
		assert.Equal(t, "handbook version two!", r.Body.String())
		before, err := h.NewLink(t.Context(), LinkRequest{Document: 101, TTL: time.Hour})
		require.NoError(t, err)
		require.Equal(t, 2, before.Version)

		// A third version arrives, unreviewed, with its event.
		src.addVersion(101, "application/pdf", "unreviewed version three")
		h.Invalidate(101)
		r = get(h, "GET", "/documents/101")
		require.Equal(t, http.StatusOK, r.Code)
		assert.Equal(t, "handbook version two!", r.Body.String(), "the unapproved version is not the latest served")
		assert.Equal(t, `"d101-v2-`, r.Header().Get("ETag")[:9])
		assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/3").Code)
		assert.Equal(t, http.StatusNotFound, get(h, "HEAD", "/documents/101/versions/3").Code)

		after, err := h.NewLink(t.Context(), LinkRequest{Document: 101, TTL: time.Hour})
		require.NoError(t, err)
		assert.Equal(t, 2, after.Version, "a link made for the latest pins the approved version")
		_, err = h.NewLink(t.Context(), LinkRequest{Document: 101, Version: 3, TTL: time.Hour})
		require.ErrorIs(t, err, ErrNotFound, "no link to an unapproved version")
		for _, l := range []*IssuedLink{before, after} {
			r = get(h, "GET", "/"+l.Path)
			require.Equal(t, http.StatusOK, r.Code)
			assert.Equal(t, "handbook version two!", r.Body.String())
		}
		// Even a link signed for version 3 (by whoever holds the
		// key) serves nothing.
		token, err := h.cfg.Signer.Sign(Link{Document: 101, Version: 3, Expires: created(60)})
		require.NoError(t, err)
		assert.Equal(t, http.StatusNotFound, get(h, "GET", "/links/"+token).Code)
		var page CollectionPage
		require.NoError(t, json.Unmarshal(get(h, "GET", "/collections/policies").Body.Bytes(), &page))
		for _, it := range page.Items {
			if it.ID == 101 {
				assert.Equal(t, 2, it.Version, "the listing shows the approved version")
			}
		}
		for _, o := range src.opens {
			assert.NotEqual(t, 3, o.version, "the unapproved version is never opened")
		}

		// Approved in turn, it is published.
		approve(src, 101, 3)
		h.Invalidate(101)
		r = get(h, "GET", "/documents/101")
		require.Equal(t, http.StatusOK, r.Code)
		assert.Equal(t, "unreviewed version three", r.Body.String())
		l, err := h.NewLink(t.Context(), LinkRequest{Document: 101, TTL: time.Hour})
		require.NoError(t, err)
		assert.Equal(t, 3, l.Version)
		assert.Equal(t, http.StatusOK, get(h, "GET", "/links/"+token).Code)
	})
}

// A reader resuming the latest version while a new version waits for
// approval gets the rest of the approved version, never a byte of the new
// one; once the new one is approved, the same resume gets it whole.
func TestResumeAcrossAnUnapprovedVersion(t *testing.T) {
	for way, w := range approvalWays {
		t.Run(way, func(t *testing.T) {
			src := fixture()
			w.approve(src, 101, 2)
			h, _ := newTestHandler(t, src, func(cfg *Config) { cfg.Policy.Approval = w.rule })
			first := get(h, "GET", "/documents/101", "Range", "bytes=0-7")
			require.Equal(t, http.StatusPartialContent, first.Code)
			tag := first.Header().Get("ETag")
			link, err := h.NewLink(t.Context(), LinkRequest{Document: 101, TTL: time.Hour})
			require.NoError(t, err)

			src.addVersion(101, "application/pdf", "unreviewed version three")
			h.Invalidate(101)
			for _, path := range []string{"/documents/101", "/" + link.Path} {
				r := get(h, "GET", path, "Range", "bytes=9-", "If-Range", tag)
				require.Equal(t, http.StatusPartialContent, r.Code, path)
				assert.Equal(t, "version two!", r.Body.String(), path)
				assert.Equal(t, tag, r.Header().Get("ETag"), path)
				assert.Equal(t, http.StatusOK, get(h, "GET", path, "If-Match", tag).Code, path)
			}

			w.approve(src, 101, 3)
			h.Invalidate(101)
			r := get(h, "GET", "/documents/101", "Range", "bytes=9-", "If-Range", tag)
			require.Equal(t, http.StatusOK, r.Code, "the approved version replaced the one resumed: sent whole")
			assert.Equal(t, "unreviewed version three", r.Body.String())
			assert.Equal(t, http.StatusPreconditionFailed, get(h, "GET", "/documents/101", "If-Match", tag).Code)
			assert.Equal(t, http.StatusNotFound, get(h, "GET", "/"+link.Path, "Range", "bytes=9-", "If-Range", tag).Code,
				"the link's version is no longer approved")
		})
	}
}

// Moving the approval back to an older version (a withdrawn revision)
// publishes that version again, and only it: the newer one is no longer
// served, as the latest, by number or through a link made for it.
func TestApprovalMovedBackToAnOlderVersion(t *testing.T) {
	forEachWayAndRule(t, func(t *testing.T, src *fakeSource, h *Handler, approve func(f *fakeSource, id int64, n int)) {
		l2, err := h.NewLink(t.Context(), LinkRequest{Document: 101, TTL: time.Hour})
		require.NoError(t, err)
		require.Equal(t, 2, l2.Version)

		approve(src, 101, 1)
		h.Invalidate(101)
		r := get(h, "GET", "/documents/101")
		require.Equal(t, http.StatusOK, r.Code)
		assert.Equal(t, "handbook version one", r.Body.String())
		assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/2").Code)
		assert.Equal(t, http.StatusNotFound, get(h, "GET", "/"+l2.Path).Code)
		l1, err := h.NewLink(t.Context(), LinkRequest{Document: 101, TTL: time.Hour})
		require.NoError(t, err)
		assert.Equal(t, 1, l1.Version)
	})
}

// Several approved versions (a multi-value attribute) stay served side by
// side under AllVersions, so links issued for the older one keep working.
func TestApprovalOfSeveralVersions(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, func(cfg *Config) { cfg.Policy.Versions = AllVersions })
	l1, err := h.NewLink(t.Context(), LinkRequest{Document: 101, Version: 1, TTL: time.Hour})
	require.NoError(t, err)
	src.addApprovedVersion(101, "application/pdf", "handbook version three")
	h.Invalidate(101)
	assert.Equal(t, "handbook version three", get(h, "GET", "/documents/101").Body.String())
	assert.Equal(t, "handbook version one", get(h, "GET", "/"+l1.Path).Body.String())
}

// With both attributes, a version number recorded before its version
// exists (a typo, or a workflow that counts ahead) approves nothing
// uploaded afterwards.
func TestApprovalNumberRecordedAheadOfItsVersion(t *testing.T) {
	src := fixture()
	src.approveVersions(101, 2, 3)
	src.setValue(101, "Approved On", created(2).Add(time.Hour).Format(time.RFC3339))
	h, _ := newTestHandler(t, src, func(cfg *Config) {
		cfg.Policy.Approval = Approval{Category: "Document Control", VersionAttribute: "Approved Versions", DateAttribute: "Approved On"}
		cfg.Policy.Versions = AllVersions
	})
	src.addVersion(101, "application/pdf", "uploaded after the approval")
	assert.Equal(t, "handbook version two!", get(h, "GET", "/documents/101").Body.String())
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/3").Code)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/1").Code, "1 is not among the numbers")
}

// A date approves the version reviewers saw: the latest one added at or
// before it, not the older ones it superseded; a date without a time of
// day is its start, so a version added that day is not covered.
func TestApprovalDateApprovesTheVersionItSaw(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, func(cfg *Config) {
		cfg.Policy.Approval = Approval{Category: "Document Control", DateAttribute: "Approved On"}
		cfg.Policy.Versions = AllVersions
	})
	src.setValue(101, "Approved On", created(2).Add(time.Minute).Format(time.RFC3339))
	assert.Equal(t, "handbook version two!", get(h, "GET", "/documents/101").Body.String())
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/1").Code)

	src.setValue(101, "Approved On", created(2).Format("2006-01-02")) // the day version 2 was added
	h.Invalidate(101)
	assert.Equal(t, "handbook version one", get(h, "GET", "/documents/101").Body.String())
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/2").Code)

	// Two dates (a multi-value attribute): each approves its version.
	src.setValue(101, "Approved On", []any{created(1).Format(time.RFC3339), created(2).Format(time.RFC3339)})
	h.Invalidate(101)
	assert.Equal(t, http.StatusOK, get(h, "GET", "/documents/101/versions/1").Code)
	assert.Equal(t, http.StatusOK, get(h, "GET", "/documents/101/versions/2").Code)

	// A version whose creation date is unknown is never covered by a date.
	src.mu.Lock()
	src.nodes[101].versions[1].info.Created = time.Time{}
	src.mu.Unlock()
	h.Invalidate(101)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/2").Code)
}

// A document whose category records no approval publishes no version,
// whatever its Status says.
func TestApprovalMissingPublishesNothing(t *testing.T) {
	src := fixture()
	src.approveVersions(101)
	h, _ := newTestHandler(t, src, func(cfg *Config) {
		cfg.Policy.Approval = Approval{Category: "Document Control", VersionAttribute: "Approved Versions", DateAttribute: "Approved On"}
		cfg.Policy.Versions = AllVersions
	})
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101").Code)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101/versions/1").Code)
	_, err := h.NewLink(context.Background(), LinkRequest{Document: 101, TTL: time.Hour})
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Zero(t, src.count("Open"))
}

// A Policy without an approval rule is refused, with an error that says
// what to set: there is no default that publishes a document's latest
// version because the document was approved once.
func TestPolicyWithoutApprovalIsRefused(t *testing.T) {
	cfg := baseConfig(&clock{t: t0})
	cfg.Policy.Approval = Approval{}
	_, err := New(fixture(), cfg)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "Policy.Approval is not set")
	assert.Contains(t, err.Error(), "Approval.VersionAttribute")
	assert.Contains(t, err.Error(), "Approval.DateAttribute")
}

func TestApprovalRuleIsChecked(t *testing.T) {
	for _, a := range []Approval{
		{VersionAttribute: "Approved Versions"},
		{Category: "Document Control"},
		{CategoryID: -1, DateAttribute: "Approved On"},
	} {
		cfg := baseConfig(&clock{t: t0})
		cfg.Policy.Approval = a
		_, err := New(fixture(), cfg)
		require.ErrorIs(t, err, xecm.ErrInvalidArgument, "%+v", a)
	}
}

// Version numbers are read in every form a Source may give them;
// anything else approves nothing.
func TestApprovalVersionNumbers(t *testing.T) {
	for _, x := range []any{json.Number("2"), float64(2), int64(2), 2, "2", " 2 "} {
		n, ok := versionNumber(x)
		assert.True(t, ok && n == 2, "%T %v", x, x)
	}
	for _, x := range []any{json.Number("2.5"), json.Number("-2"), float64(2.5), float64(1e300), 0, "", "two", nil, true, []any{}} {
		_, ok := versionNumber(x)
		assert.False(t, ok, "%T %v", x, x)
	}
}

// Under ReleasedVersions a date approves the latest released version it
// covers, not a later minor version, which the rule never serves.
func TestApprovalDateUnderReleasedVersions(t *testing.T) {
	src := fixture()
	src.addDoc(107, 10, "sop.pdf", "application/pdf", "Approved", "one-oh", "one-one")
	src.nodes[107].info.AdvancedVersioning = true
	src.nodes[107].versions[0].info.Major, src.nodes[107].versions[0].info.Minor = 1, 0
	src.nodes[107].versions[1].info.Major, src.nodes[107].versions[1].info.Minor = 1, 1
	src.setValue(107, "Approved On", created(2).Add(time.Hour).Format(time.RFC3339))
	for rule, want := range map[VersionRule]string{ReleasedVersions: "one-oh", LatestVersion: "one-one"} {
		h, _ := newTestHandler(t, src, func(cfg *Config) {
			cfg.Policy.Approval = Approval{Category: "Document Control", DateAttribute: "Approved On"}
			cfg.Policy.Versions = rule
		})
		assert.Equal(t, want, get(h, "GET", "/documents/107").Body.String(), rule)
	}
}
