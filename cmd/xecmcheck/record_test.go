package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// recordSimRun runs the probe against the simulator through a recorder
// and returns the simulator and the recording's files, by name.
func recordSimRun(t *testing.T, names ...string) (*simulator, map[string]string) {
	t.Helper()
	sim, err := startSimulator(t.Context())
	require.NoError(t, err)
	t.Cleanup(sim.Close)
	scrub := newScrubber(names)
	scrub.addSecrets(simPassword)
	dir := t.TempDir()
	rec, err := newRecorder(dir, scrub, false)
	require.NoError(t, err)
	opts := Options{Search: "OTSubType:144", Mode: authPassword}
	sim.defaults(&opts)
	p, err := newProbe(sim.URL, xecm.WithPassword(simUser, simPassword), opts, rec.wrap, scrub.scrubText)
	require.NoError(t, err)
	require.True(t, allOK(p.run(t.Context())))
	require.NoError(t, rec.finish())
	files := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range paths {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		files[filepath.Base(f)] = string(b)
	}
	assert.Len(t, files, rec.count())
	return sim, files
}

// No password, ticket or marked name reaches a recording, while the
// recording keeps what replay needs.
func TestRecordingHoldsNoSecret(t *testing.T) {
	sim, files := recordSimRun(t, "Admin", "ACME Corp")
	require.NotEmpty(t, files)
	var tickets []string
	for _, r := range sim.Requests() {
		if v := r.Header.Get("OTCSTicket"); v != "" {
			tickets = append(tickets, v)
		}
	}
	require.NotEmpty(t, tickets)
	var routes []string
	for name, body := range files {
		assert.NotContains(t, body, simPassword, name)
		assert.NotContains(t, strings.ToLower(body), "admin", name)
		assert.NotContains(t, body, "ACME Corp", name)
		for _, tk := range tickets {
			assert.NotContains(t, body, tk, name)
		}
		var e Exchange
		require.NoError(t, json.Unmarshal([]byte(body), &e), name)
		routes = append(routes, e.Key())
		if e.Route == "/v1/auth" && e.Method == "POST" {
			assert.Equal(t, []string{redacted}, e.Form["password"])
			assert.JSONEq(t, `{"ticket":"[redacted]"}`, string(e.Body))
		}
		if ticket, ok := e.Headers["OTCSTicket"]; ok {
			assert.Equal(t, redacted, ticket)
		}
	}
	assert.Contains(t, routes, "GET /v2/nodes/{id}/nodes")
	assert.Contains(t, routes, "POST /v2/multipart/{upload_key}/{part_number}")
	assert.Contains(t, routes, "GET /v1/nodes/{id}/content")
}

// Content is never recorded: an upload keeps its file's name and size, a
// download its headers.
func TestRecordingKeepsNoContent(t *testing.T) {
	_, files := recordSimRun(t)
	var sawUpload, sawDownload bool
	for name, body := range files {
		var e Exchange
		require.NoError(t, json.Unmarshal([]byte(body), &e), name)
		if f, ok := e.Files["file"]; ok && e.Route == "/v2/nodes" && f.FileName == "small.txt" {
			sawUpload = true
			assert.EqualValues(t, len(smallContent()), f.Size)
			assert.NotContains(t, body, "0123456789abcdef")
		}
		if e.Route == "/v1/nodes/{id}/content" {
			sawDownload = true
			assert.Equal(t, "content", e.BodyKind)
			assert.Empty(t, e.Body)
			assert.Equal(t, "bytes=10-41", e.RequestHeaders["Range"])
			assert.Equal(t, 206, e.Status)
		}
	}
	assert.True(t, sawUpload)
	assert.True(t, sawDownload)
}

func TestRecorderRefusesADirectoryHoldingARecording(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "0001-get-v1-ping.json"), []byte("{}"), 0o600))
	_, err := newRecorder(dir, newScrubber(nil), false)
	assert.ErrorContains(t, err, "already holds a recording")
	_, err = newRecorder(dir, newScrubber(nil), true)
	require.NoError(t, err)
	left, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	assert.Empty(t, left, "-regenerate empties it")
}

// A recording that cannot be written is an error at the end, not a
// failure of the calls it records.
func TestRecorderReportsWriteErrors(t *testing.T) {
	sim, err := startSimulator(t.Context())
	require.NoError(t, err)
	defer sim.Close()
	dir := filepath.Join(t.TempDir(), "rec")
	rec, err := newRecorder(dir, newScrubber(nil), false)
	require.NoError(t, err)
	require.NoError(t, os.RemoveAll(dir))
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword(simUser, simPassword), xecm.WithTransport(rec.wrap(http.DefaultTransport)))
	require.NoError(t, err)
	_, err = c.Members.Me(t.Context())
	require.NoError(t, err, "the calls go on")
	assert.ErrorContains(t, rec.finish(), "recording:")
}
