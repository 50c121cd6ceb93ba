package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/examples/exampleenv"
)

func TestContentPortalOnTheSimulator(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), config{ECM: exampleenv.Config{}, Addr: "127.0.0.1:0"}, &out))
	s := out.String()
	assert.Contains(t, s, "embedded Extended ECM simulator")
	assert.Contains(t, s, "Latest policy documents (2):")
	assert.Contains(t, s, "Travel Policy.txt            v2")
	assert.NotContains(t, s, "Remote Work", "the draft is not published")
	assert.Contains(t, s, `200 OK, text/plain, "Economy class below eight hours."`)
	assert.NotContains(t, s, "Business class", "version 3 awaits approval: not published")
	assert.Contains(t, s, "again with If-None-Match: 304 Not Modified")
}

// With -serve the portal serves on after the tour, until its context ends.
func TestContentPortalServesUntilStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	basec := make(chan string, 1)
	done := make(chan error, 1)
	cfg := config{ECM: exampleenv.Config{}, Addr: "127.0.0.1:0", Serve: true, ready: func(b string) { basec <- b }}
	go func() { done <- run(ctx, cfg, io.Discard) }()
	var base string
	select {
	case base = <-basec:
	case err := <-done:
		t.Fatalf("run returned instead of serving: %v", err)
	}
	resp, err := http.Get(base + "collections/latest")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	cancel()
	require.NoError(t, <-done)
	_, err = http.Get(base + "collections/latest")
	assert.Error(t, err, "no longer serving")
}
