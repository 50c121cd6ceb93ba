package main

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/pagetest"
)

// serving runs the demo with -serve and returns the root URL of its
// pages; the server stops when the test ends.
func serving(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	basec := make(chan string, 1)
	done := make(chan error, 1)
	cfg := demoConfig(t, "-serve")
	cfg.ready = func(b string) { basec <- b }
	go func() { done <- run(ctx, cfg, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	select {
	case base := <-basec:
		return strings.TrimSuffix(base, "policies/")
	case err := <-done:
		done <- err // for the cleanup, which waits for it
		t.Fatalf("run returned instead of serving: %v", err)
		return ""
	}
}

// page fetches a page and parses it.
func page(t *testing.T, url string, status int) *pagetest.Node {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, status, resp.StatusCode, "%s\n%s", url, body)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	return pagetest.Parse(t, body)
}

func link(n *pagetest.Node, text string) string {
	for _, a := range n.Tag("a") {
		if strings.HasPrefix(a.Text(), text) {
			return a.Attr["href"]
		}
	}
	return ""
}

func TestContentPortalPages(t *testing.T) {
	root := serving(t)
	doc := page(t, root, http.StatusOK)
	assert.Equal(t, "Approved policy documents", doc.Tag("h1")[0].Text())
	rows := doc.Tag("table")[0].Rows()
	var names []string
	for _, r := range rows {
		require.Len(t, r, 5, r)
		names = append(names, r[0])
	}
	// Exactly the approved documents: the draft is not listed.
	slices.Sort(names)
	assert.Equal(t, []string{"Code of Conduct.txt", "Travel Policy.txt"}, names)
	for _, r := range rows {
		if r[0] == "Travel Policy.txt" {
			assert.Equal(t, []string{"Travel Policy.txt", "2", r[2], "32 bytes", "Download Travel Policy.txt, version 2"}, r)
			assert.Regexp(t, `^\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC$`, r[2], "the approval date is known")
		}
	}

	// The download streams the published version through the portal.
	dl := link(doc, "Download Travel Policy.txt")
	require.NotEmpty(t, dl)
	resp, err := http.Get(root + strings.TrimPrefix(dl, "/"))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Economy class below eight hours.", string(body))
	assert.Contains(t, resp.Header.Get("Content-Disposition"), "attachment")

	// The document page has the version history.
	href := link(doc, "Travel Policy.txt")
	require.True(t, strings.HasPrefix(href, "/documents/"), href)
	dp := page(t, root+strings.TrimPrefix(href, "/"), http.StatusOK)
	assert.Equal(t, "Travel Policy.txt", dp.Tag("h1")[0].Text())
	hist := dp.Tag("table")[0].Rows()
	require.Len(t, hist, 3)
	assert.Equal(t, []string{"3", "31 bytes", "Awaiting approval"}, []string{hist[0][0], hist[0][3], hist[0][4]},
		"the version added after the approval is not published")
	assert.Equal(t, []string{"2", "Published"}, []string{hist[1][0], hist[1][4]})
	assert.Equal(t, []string{"1", "30 bytes", "Not published"}, []string{hist[2][0], hist[2][3], hist[2][4]})
	assert.Equal(t, dl, link(dp, "Download version 2"))
	for _, v := range []string{"/versions/3", "/versions/1"} {
		resp, err := http.Get(root + "policies/documents/" + strings.TrimPrefix(href, "/documents/") + v)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, v)
	}

	// The draft, filed right after Travel Policy, has no page: the same
	// answer as a node that does not exist.
	id, err := strconv.ParseInt(strings.TrimPrefix(href, "/documents/"), 10, 64)
	require.NoError(t, err)
	for _, missing := range []string{strconv.FormatInt(id+1, 10), "999999", "x"} {
		p := page(t, root+"documents/"+missing, http.StatusNotFound)
		assert.Contains(t, p.Text(), "There is no published document here", missing)
	}
}
