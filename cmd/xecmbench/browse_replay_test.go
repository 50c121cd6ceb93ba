package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/xecmtest"
)

func TestBrowseReplayServesTheSimulatorsBytes(t *testing.T) {
	sim := xecmtest.NewServer()
	t.Cleanup(sim.Close)
	parent := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Browse")
	for i := range 3 {
		sim.AddEmptyDocument(parent, "doc "+strconv.Itoa(i))
	}
	ticket, err := login(t.Context(), sim.URL)
	require.NoError(t, err)
	rec, err := recordBrowse(t.Context(), sim.URL, ticket, parent)
	require.NoError(t, err)
	replay := httptest.NewServer(rec)
	t.Cleanup(replay.Close)
	u, err := url.Parse(sim.URL)
	require.NoError(t, err)
	listing := "/api/v2/nodes/" + strconv.FormatInt(parent, 10) + "/nodes"

	get := func(base, query string) (*http.Response, []byte) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+listing+"?"+query, nil)
		require.NoError(t, err)
		req.Header.Set("OTCSTicket", ticket)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp, body
	}

	want, wantBody := get(sim.URL, "limit=100&page=1")
	for _, q := range []string{"limit=100&page=1", "limit=100"} {
		got, gotBody := get(replay.URL+u.Path, q)
		assert.Equal(t, http.StatusOK, got.StatusCode, q)
		assert.Equal(t, want.Header.Get("Content-Type"), got.Header.Get("Content-Type"), q)
		assert.NotEmpty(t, got.Header.Get("OTCSTicket"), q)
		// Page 1 is the default, so both queries get its recording.
		assert.Equal(t, rec.answers[[2]int{1, 100}].body, gotBody, q)
	}
	assert.JSONEq(t, string(wantBody), string(rec.answers[[2]int{1, 100}].body))
	assert.Zero(t, rec.misses.Load())

	for _, q := range []string{"limit=100&page=1&fields=properties", "limit=100&page=2", "limit=7"} {
		got, _ := get(replay.URL+u.Path, q)
		assert.Equal(t, http.StatusNotFound, got.StatusCode, q)
	}
	assert.EqualValues(t, 3, rec.misses.Load())
}
