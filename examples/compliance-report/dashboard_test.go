package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/pagetest"
)

// serving runs the demo with -serve and returns the dashboard's URL; the
// server stops when the test ends.
func serving(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	urlc := make(chan string, 1)
	done := make(chan error, 1)
	cfg := Config{OutDir: filepath.Join(t.TempDir(), "report"), Addr: "127.0.0.1:0", Serve: true, ready: func(u string) { urlc <- u }}
	demo(&cfg)
	go func() { done <- run(ctx, cfg, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	select {
	case u := <-urlc:
		return u
	case err := <-done:
		t.Fatalf("run returned instead of serving: %v", err)
		return ""
	}
}

// awaitEvent reads the dashboard's event stream until an event's data
// contains want.
func awaitEvent(t *testing.T, url, want string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"events", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "data: ") && strings.Contains(sc.Text(), want) {
			return
		}
	}
	t.Fatalf("the stream ended before an event with %s: %v", want, sc.Err())
}

func TestComplianceDashboard(t *testing.T) {
	url := serving(t)
	// The watcher's first round reaches the page's stream.
	awaitEvent(t, url, `"type":"hold.applied","time"`)

	resp, err := http.Get(url)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'none'")
	p := pagetest.Parse(t, body)
	assert.Equal(t, "ACME Corp", p.Tag("h1")[0].Text())

	assert.Equal(t, [][]string{{"Contracts, ACTIVE, CON-7Y", "3"}}, p.ID("retention-table").Rows())
	svg := p.Tag("svg")
	require.Len(t, svg, 1, "one chart, drawn on the server")
	assert.Len(t, svg[0].Tag("rect"), 1)
	assert.Equal(t, [][]string{{"Litigation 2025", "NDA.pdf"}}, p.ID("holds-table").Rows())
	awaiting := p.ID("awaiting-table").Rows()
	require.Len(t, awaiting, 1)
	assert.Equal(t, "SOW 1.pdf", awaiting[0][0])
	var steps []string
	for _, r := range p.ID("approvals-table").Rows() {
		steps = append(steps, r[1]+": "+r[2])
	}
	assert.ElementsMatch(t, []string{"MSA.pdf: Sent for approval", "MSA.pdf: Approved", "SOW 1.pdf: Sent for approval"}, steps)
	var events []string
	for _, li := range p.ID("events").Tag("li") {
		events = append(events, li.Text())
	}
	assert.Contains(t, strings.Join(events, "\n"), "hold.applied · NDA.pdf")

	// The exports are linked and served; nothing else is.
	var links []string
	for _, a := range p.Tag("a") {
		if strings.HasPrefix(a.Attr["href"], "/exports/") {
			links = append(links, a.Attr["href"])
		}
	}
	assert.Equal(t, []string{"/exports/audit.csv", "/exports/audit.jsonl", "/exports/summary.json"}, links)
	for _, l := range links {
		resp, err := http.Get(url + l[1:])
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, l)
		assert.NotEmpty(t, b, l)
	}
	resp, err = http.Get(url + "exports/main.go")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
