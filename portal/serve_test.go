package portal

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const handbookV2 = "handbook version two!"

func handbookTag(t *testing.T, src *fakeSource) string {
	t.Helper()
	vs, err := src.Versions(t.Context(), 101)
	require.NoError(t, err)
	return `"d101-v2-` + vs[1].SHA256 + `"`
}

func TestGetLatestStreamsWithHeaders(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	w := get(h, "GET", "/documents/101")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, handbookV2, w.Body.String())
	hdr := w.Header()
	assert.Equal(t, "application/pdf", hdr.Get("Content-Type"))
	assert.Equal(t, strconv.Itoa(len(handbookV2)), hdr.Get("Content-Length"))
	assert.Equal(t, `inline; filename=handbook.pdf`, hdr.Get("Content-Disposition"))
	assert.Equal(t, handbookTag(t, src), hdr.Get("ETag"))
	assert.Equal(t, t0.Add(48*time.Hour).Format(http.TimeFormat), hdr.Get("Last-Modified"))
	assert.Equal(t, "bytes", hdr.Get("Accept-Ranges"))
	assert.Equal(t, "nosniff", hdr.Get("X-Content-Type-Options"))
	assert.Equal(t, "sandbox", hdr.Get("Content-Security-Policy"))
	assert.Equal(t, fakeOpen{101, 2, 0, int64(len(handbookV2))}, src.lastOpen())

	w = get(h, "GET", "/documents/101?download")
	assert.Equal(t, `attachment; filename=handbook.pdf`, w.Header().Get("Content-Disposition"))
}

func TestETagWithoutDigestIsTheVersion(t *testing.T) {
	src := fixture()
	src.nodes[101].versions[1].info.SHA256 = ""
	h, _ := newTestHandler(t, src, nil)
	assert.Equal(t, `"d101-v2"`, get(h, "GET", "/documents/101").Header().Get("ETag"))
}

func TestNonASCIIFileNameIsEncoded(t *testing.T) {
	src := fixture()
	src.addDoc(105, 10, "Richtlinie Überstunden.pdf", "application/pdf", "Approved", "x")
	h, _ := newTestHandler(t, src, nil)
	w := get(h, "GET", "/documents/105")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, `inline; filename*=utf-8''Richtlinie%20%C3%9Cberstunden.pdf`, w.Header().Get("Content-Disposition"))
}

func TestHeadSendsHeadersWithoutOpeningContent(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	w := get(h, "HEAD", "/documents/101")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Body.String())
	assert.Equal(t, strconv.Itoa(len(handbookV2)), w.Header().Get("Content-Length"))
	assert.Equal(t, "application/pdf", w.Header().Get("Content-Type"))
	assert.NotEmpty(t, w.Header().Get("ETag"))
	assert.Zero(t, src.count("Open"))

	w = get(h, "HEAD", "/documents/101", "Range", "bytes=0-3")
	assert.Equal(t, http.StatusPartialContent, w.Code)
	assert.Equal(t, "4", w.Header().Get("Content-Length"))
	assert.Equal(t, "bytes 0-3/21", w.Header().Get("Content-Range"))
	assert.Zero(t, src.count("Open"))

	assert.Equal(t, http.StatusNotFound, get(h, "HEAD", "/documents/102").Code)
}

func TestConditionalRequests(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	tag := handbookTag(t, src)
	mod := t0.Add(48 * time.Hour)
	cases := []struct {
		name   string
		header []string
		want   int
	}{
		{"matching tag", []string{"If-None-Match", tag}, http.StatusNotModified},
		{"weak form of the tag", []string{"If-None-Match", "W/" + tag}, http.StatusNotModified},
		{"tag in a list", []string{"If-None-Match", `"other", ` + tag}, http.StatusNotModified},
		{"star", []string{"If-None-Match", "*"}, http.StatusNotModified},
		{"tag of version 1", []string{"If-None-Match", `"d101-v1"`}, http.StatusOK},
		{"not modified since", []string{"If-Modified-Since", mod.Format(http.TimeFormat)}, http.StatusNotModified},
		{"modified since", []string{"If-Modified-Since", mod.Add(-time.Second).Format(http.TimeFormat)}, http.StatusOK},
		{"bad date", []string{"If-Modified-Since", "yesterday"}, http.StatusOK},
		// If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
		{"tag mismatch beats date", []string{"If-None-Match", `"old"`, "If-Modified-Since", mod.Format(http.TimeFormat)}, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opens := src.count("Open")
			// The pinned URL of the latest version: dates name what it serves.
			w := get(h, "GET", "/documents/101/versions/2", c.header...)
			require.Equal(t, c.want, w.Code)
			if c.want == http.StatusNotModified {
				assert.Empty(t, w.Body.String())
				assert.Equal(t, tag, w.Header().Get("ETag"))
				assert.Empty(t, w.Header().Get("Content-Length"))
				assert.Equal(t, opens, src.count("Open"), "a 304 must not open the content")
			} else {
				assert.Equal(t, handbookV2, w.Body.String())
			}
		})
	}
}

func TestRanges(t *testing.T) {
	const body = handbookV2 // 21 bytes
	for _, noRange := range []bool{false, true} {
		name := map[bool]string{false: "source with ranges", true: "source without ranges"}[noRange]
		t.Run(name, func(t *testing.T) {
			src := fixture()
			src.noRange = noRange
			h, _ := newTestHandler(t, src, nil)
			tag := handbookTag(t, src)
			cases := []struct {
				rng, ifRange string
				status       int
				contentRange string
				want         string
			}{
				{"bytes=0-7", "", 206, "bytes 0-7/21", body[:8]},
				{"bytes=9-", "", 206, "bytes 9-20/21", body[9:]},
				{"bytes=-5", "", 206, "bytes 16-20/21", body[16:]},
				{"bytes=10-1000", "", 206, "bytes 10-20/21", body[10:]},
				{"bytes=-100", "", 206, "bytes 0-20/21", body},
				{"bytes=21-", "", 416, "bytes */21", ""},
				{"bytes=-0", "", 416, "bytes */21", ""},
				{"bytes=0-1,4-5", "", 200, "", body}, // several ranges: the whole content
				{"bytes=5-2", "", 200, "", body},     // malformed: ignored
				{"bytes=+1-2", "", 200, "", body},    // not digits: ignored
				{"items=0-1", "", 200, "", body},     // other unit: ignored
				{"bytes=2-3", tag, 206, "bytes 2-3/21", body[2:4]},
				{"bytes=2-3", `"d101-v1"`, 200, "", body}, // stale If-Range: everything
				{"bytes=2-3", "W/" + tag, 200, "", body},  // weak validators never match If-Range
				{"bytes=2-3", t0.Add(48 * time.Hour).Format(http.TimeFormat), 206, "bytes 2-3/21", body[2:4]},
				{"bytes=2-3", t0.Format(http.TimeFormat), 200, "", body},
			}
			for _, c := range cases {
				hdr := []string{"Range", c.rng}
				if c.ifRange != "" {
					hdr = append(hdr, "If-Range", c.ifRange)
				}
				w := get(h, "GET", "/documents/101/versions/2", hdr...) // pinned: a date in If-Range can hold
				require.Equal(t, c.status, w.Code, "Range %s If-Range %s", c.rng, c.ifRange)
				assert.Equal(t, c.contentRange, w.Header().Get("Content-Range"), c.rng)
				if c.status != 416 {
					assert.Equal(t, c.want, w.Body.String(), c.rng)
					assert.Equal(t, strconv.Itoa(len(c.want)), w.Header().Get("Content-Length"), c.rng)
				}
			}
			if !noRange {
				// The range goes to the source, which reads only those bytes.
				get(h, "GET", "/documents/101", "Range", "bytes=9-12")
				assert.Equal(t, fakeOpen{101, 2, 9, 4}, src.lastOpen())
			}
		})
	}
}

func TestEmptyDocument(t *testing.T) {
	src := fixture()
	src.addDoc(106, 10, "empty.pdf", "application/pdf", "Approved", "")
	h, _ := newTestHandler(t, src, nil)
	w := get(h, "GET", "/documents/106")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "0", w.Header().Get("Content-Length"))
	assert.Equal(t, http.StatusRequestedRangeNotSatisfiable, get(h, "GET", "/documents/106", "Range", "bytes=0-").Code)
}
