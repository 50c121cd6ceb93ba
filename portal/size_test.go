package portal

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const unsized = "content whose size the server did not give"

// addUnsized adds document 107, published, whose only version has the
// content given and an unknown size.
func addUnsized(src *fakeSource, content string) {
	src.addDoc(107, 10, "unsized.pdf", "application/pdf", "Approved", content)
	src.nodes[107].versions[0].info.Size = -1
}

// bigUnsized is more than net/http buffers before it sends headers, so
// that the response is chunked.
var bigUnsized = strings.Repeat(unsized+"\n", 2000)

// A version of unknown size is streamed whole, without a Content-Length
// and without ranges: never as an empty body, never as a guessed range.
func TestUnknownSizeIsStreamedWhole(t *testing.T) {
	src := fixture()
	addUnsized(src, unsized)
	h, _ := newTestHandler(t, src, nil)

	w := get(h, "GET", "/documents/107")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, unsized, w.Body.String())
	assert.Empty(t, w.Header().Values("Content-Length"))
	assert.Equal(t, "none", w.Header().Get("Accept-Ranges"))
	assert.Equal(t, fakeOpen{107, 1, 0, 0}, src.lastOpen(), "opened to the end")

	tag := w.Header().Get("ETag")
	for _, hdr := range [][]string{{"Range", "bytes=0-3"}, {"Range", "bytes=-5"}, {"Range", "bytes=999-"}, {"Range", "bytes=2-3", "If-Range", tag}} {
		w = get(h, "GET", "/documents/107", hdr...)
		require.Equal(t, http.StatusOK, w.Code, hdr)
		assert.Equal(t, unsized, w.Body.String(), hdr)
		assert.Empty(t, w.Header().Get("Content-Range"), hdr)
	}

	opens := src.count("Open")
	w = get(h, "HEAD", "/documents/107")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Header().Values("Content-Length"))
	assert.Equal(t, opens, src.count("Open"), "HEAD does not open the content")

	assert.Equal(t, http.StatusNotModified, get(h, "GET", "/documents/107", "If-None-Match", tag).Code)

	var sizes []int64
	for _, it := range listing(t, h, "/collections/policies").Items {
		if it.ID == 107 {
			sizes = append(sizes, it.Size)
		}
	}
	assert.Equal(t, []int64{-1}, sizes, "listed, with its size unknown")
}

// Over HTTP the reader gets the whole body, chunked.
func TestUnknownSizeOverHTTP(t *testing.T) {
	src := fixture()
	addUnsized(src, bigUnsized)
	h, _ := newTestHandler(t, src, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/documents/107")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, bigUnsized, string(b))
	assert.EqualValues(t, -1, resp.ContentLength)
}

// When the Source learns the length while opening, the Content-Length is
// honest again.
func TestUnknownSizeTakesTheLengthTheSourceReports(t *testing.T) {
	src := fixture()
	addUnsized(src, unsized)
	src.total = true
	h, _ := newTestHandler(t, src, nil)
	w := get(h, "GET", "/documents/107")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, unsized, w.Body.String())
	assert.Equal(t, strconv.Itoa(len(unsized)), w.Header().Get("Content-Length"))
}

// Content whose length contradicts the version's size is not served as
// if it were the version: cut to the size (wrong bytes that look whole),
// or left short.
func TestContentContradictingTheSizeIsRefused(t *testing.T) {
	src := fixture()
	src.nodes[101].versions[1].info.Size = 30 // the content has 21 bytes
	src.total = true
	h, _ := newTestHandler(t, src, nil)
	assert.Equal(t, http.StatusBadGateway, get(h, "GET", "/documents/101").Code)
	assert.Equal(t, http.StatusBadGateway, get(h, "GET", "/documents/101", "Range", "bytes=0-3").Code)

	src.nodes[101].versions[1].info.Size = 10 // shorter than the content
	h, _ = newTestHandler(t, src, nil)
	assert.Equal(t, http.StatusBadGateway, get(h, "GET", "/documents/101").Code)
}

// A stream of unknown length that breaks midway is aborted: the reader's
// transfer fails instead of ending cleanly with part of the content.
func TestBrokenStreamOfUnknownLengthFailsTheTransfer(t *testing.T) {
	fs := fixture()
	addUnsized(fs, bigUnsized)
	const sent = 40000 // past what net/http buffers: the headers went out
	src := &failingSource{fakeSource: fs, call: "Open", breakAfter: sent}
	recs := make(chan AccessRecord, 10)
	h, _ := newTestHandler(t, src, func(c *Config) { c.OnAccess = func(r AccessRecord) { recs <- r } })
	srv := httptest.NewServer(h)
	defer srv.Close()
	link, err := h.cfg.Signer.Sign(Link{Document: 107, Version: 1, Expires: h.now().Add(time.Hour)})
	require.NoError(t, err)

	for _, path := range []string{"/documents/107", "/links/" + link} {
		resp, err := srv.Client().Get(srv.URL + path)
		require.NoError(t, err, path)
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Error(t, err, "%s: the transfer must fail", path)
		assert.Equal(t, bigUnsized[:sent], string(b), path)
	}
	rec := <-recs
	assert.Equal(t, AccessRecord{Time: rec.Time, Document: 107, Version: 1, Status: 200, Bytes: sent,
		Reason: "stream broken", Remote: rec.Remote}, rec)
}
