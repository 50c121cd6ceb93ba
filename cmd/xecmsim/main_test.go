package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-cgi-path", "/cs/cs"}, pw, io.Discard)
		pw.Close()
	}()

	var base string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "base URL (ECM_URL): "); ok {
			base = strings.TrimSpace(after)
			break
		}
	}
	require.NotEmpty(t, base)
	assert.True(t, strings.HasSuffix(base, "/cs/cs"))
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	resp, err := http.Get(base + "/api/v1/ping")
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, m, "version")

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop")
	}
}

func TestRunBadFlag(t *testing.T) {
	err := run(context.Background(), []string{"-nope"}, io.Discard, io.Discard)
	assert.Error(t, err)
}
