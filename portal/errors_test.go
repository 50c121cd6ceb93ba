package portal

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// upstreamText is what an ECM error might say; none of it may reach a reader.
const upstreamText = "Could not get a node for 101 OTCSTicket=s3cr3t-ticket /otcs/cs.exe/api/v1/nodes"

var upstreamErr = &xecm.APIError{StatusCode: 500, Message: upstreamText, Method: "GET", Path: "/api/v1/nodes/101"}

func TestUpstreamErrorsNeverReachTheReader(t *testing.T) {
	for _, call := range []string{"Document", "Versions", "Categories", "Open", "Children"} {
		t.Run(call, func(t *testing.T) {
			src := &failingSource{fakeSource: fixture(), call: call, err: upstreamErr}
			var logs bytes.Buffer
			h, _ := newTestHandler(t, src, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
			link, err := h.cfg.Signer.Sign(Link{Document: 121, Version: 1, Partner: "acme", Expires: h.now().Add(time.Hour)})
			require.NoError(t, err)
			for _, path := range []string{"/documents/101", "/links/" + link, "/collections/policies"} {
				w := get(h, "GET", path)
				if call == "Children" && path != "/collections/policies" || call == "Open" && path == "/collections/policies" {
					assert.Equal(t, http.StatusOK, w.Code, path)
					continue
				}
				require.Equal(t, http.StatusBadGateway, w.Code, path)
				body := w.Body.String()
				assert.JSONEq(t, `{"error":"upstream_unavailable","message":"the document store is unavailable, try again later"}`, body)
				for _, word := range []string{"s3cr3t", "OTCSTicket", "Could not", "cs.exe", "500"} {
					assert.NotContains(t, body, word, path)
					for k, v := range w.Header() {
						assert.NotContains(t, strings.Join(v, " "), word, "header %s", k)
					}
				}
				assert.Empty(t, w.Header().Get("ETag"), "no content headers on an error")
			}
			assert.Contains(t, logs.String(), "Could not get a node", "the operator sees the cause")
		})
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	src := &failingSource{fakeSource: fixture(), call: "Document", err: upstreamErr}
	h, _ := newTestHandler(t, src, nil)
	require.Equal(t, http.StatusBadGateway, get(h, "GET", "/documents/101").Code)
	src.err = nil
	assert.Equal(t, http.StatusOK, get(h, "GET", "/documents/101").Code)
}

func TestContentThatVanishesIsNotFound(t *testing.T) {
	src := &failingSource{fakeSource: fixture(), call: "Open", err: ErrNotFound}
	h, _ := newTestHandler(t, src, nil)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101").Code)
}

func TestSourceStartingTooLateIsAnError(t *testing.T) {
	src := &failingSource{fakeSource: fixture(), call: "Open", lateStart: true}
	h, _ := newTestHandler(t, src, nil)
	assert.Equal(t, http.StatusBadGateway, get(h, "GET", "/documents/101", "Range", "bytes=2-").Code)
}

// A stream that breaks after the headers cannot change the status; the
// response is aborted after fewer bytes than Content-Length says, never
// decorated with error text.
func TestBrokenStreamIsTruncatedNotDecorated(t *testing.T) {
	src := &failingSource{fakeSource: fixture(), call: "Open", breakAfter: 5}
	h, _ := newTestHandler(t, src, nil)
	w := httptest.NewRecorder()
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { h.ServeHTTP(w, httptest.NewRequest("GET", "/documents/101", nil)) })
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, handbookV2[:5], w.Body.String())
	assert.Equal(t, "21", w.Header().Get("Content-Length"))
}

// failingSource fails one kind of call.
type failingSource struct {
	*fakeSource
	call       string
	err        error
	lateStart  bool  // Open starts after the offset asked for
	breakAfter int64 // Open's body fails after this many bytes
}

func (f *failingSource) Document(ctx context.Context, id int64) (*DocumentInfo, error) {
	if f.call == "Document" && f.err != nil {
		return nil, f.err
	}
	return f.fakeSource.Document(ctx, id)
}

func (f *failingSource) Versions(ctx context.Context, id int64) ([]VersionInfo, error) {
	if f.call == "Versions" && f.err != nil {
		return nil, f.err
	}
	return f.fakeSource.Versions(ctx, id)
}

func (f *failingSource) Categories(ctx context.Context, id int64) ([]CategoryValues, error) {
	if f.call == "Categories" && f.err != nil {
		return nil, f.err
	}
	return f.fakeSource.Categories(ctx, id)
}

func (f *failingSource) Children(ctx context.Context, id int64) iter.Seq2[*DocumentInfo, error] {
	if f.call == "Children" && f.err != nil {
		return func(yield func(*DocumentInfo, error) bool) { yield(nil, f.err) }
	}
	return f.fakeSource.Children(ctx, id)
}

func (f *failingSource) Open(ctx context.Context, id int64, version int, offset, length int64) (*Content, error) {
	if f.call == "Open" && f.err != nil {
		return nil, f.err
	}
	c, err := f.fakeSource.Open(ctx, id, version, offset, length)
	if err != nil {
		return nil, err
	}
	if f.lateStart {
		c.Offset++
	}
	if f.breakAfter > 0 {
		c.Body = io.NopCloser(io.MultiReader(io.LimitReader(c.Body, f.breakAfter), errReader{errors.New(upstreamText)}))
	}
	return c, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
