package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestContentPortalOnTheSimulator(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), demoConfig(t), &out))
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
	cfg := demoConfig(t, "-serve")
	cfg.ready = func(b string) { basec <- b }
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

// demoConfig is the demo's configuration, with the flags' defaults and
// args, listening on a free port.
func demoConfig(t *testing.T, args ...string) config {
	t.Helper()
	cfg, err := parseFlags(append([]string{"-addr", "127.0.0.1:0"}, args...))
	require.NoError(t, err)
	cfg.ECM = exampleenv.Config{}
	demo(&cfg)
	return cfg
}

// On a server of its own (no demo data), what is not found is named.
func TestContentPortalNamesWhatItDidNotFind(t *testing.T) {
	sim := simcheck.Start(t)
	ecm := exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Policies")
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"folder":   {[]string{"-folder", "Corporate/Policies"}, `"Corporate"`},
		"category": {[]string{"-category", "Document Kontrol"}, `"Document Kontrol"`},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := parseFlags(append([]string{"-addr", "127.0.0.1:0"}, c.args...))
			require.NoError(t, err)
			cfg.ECM = ecm
			var out bytes.Buffer
			err = run(t.Context(), cfg, &out)
			require.ErrorIs(t, err, xecm.ErrNotFound)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	// Found by name, it says what it found, and serves the folder.
	cfg, err := parseFlags([]string{"-addr", "127.0.0.1:0"})
	require.NoError(t, err)
	cfg.ECM = ecm
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), cfg, &out))
	assert.Contains(t, out.String(), `Folder "Policies": node `)
	assert.Contains(t, out.String(), fmt.Sprintf(`Category "Document Control": node %d`, xecmtest.DocumentControlCategoryID))
	assert.Contains(t, out.String(), "Latest policy documents (0):")
}
