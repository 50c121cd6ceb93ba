package main

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/pagetest"
	"github.com/xecm-go/xecm/portal"
	"github.com/xecm-go/xecm/xecmtest"
)

const testLinkKey = "a link key of at least 32 bytes!"

// sharing serves a certificate of a simulator of the test's own with
// -serve, and returns the URL of Acme's page and the certificate's node.
func sharing(t *testing.T) (pageURL string, doc int64) {
	t.Helper()
	sim := xecmtest.NewServer()
	t.Cleanup(sim.Close)
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Acme Industrial")
	ecm := exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	env, err := exampleenv.Connect(t.Context(), ecm, io.Discard)
	require.NoError(t, err)
	up, err := env.Client.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: folder, Name: "ISO 9001 certificate.pdf",
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 certificate")})
	require.NoError(t, err)
	require.NoError(t, env.Client.Metadata.Apply(t.Context(), up.Node.ID,
		xecm.NewCategoryValues(xecmtest.DocumentControlCategoryID).Set("Status", "Approved").Set("Approved Version", 1).Set("Approved On", time.Now())))
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	urlc := make(chan string, 1)
	done := make(chan error, 1)
	cfg := config{ECM: ecm, FolderID: folder, DocumentID: up.Node.ID, CategoryID: xecmtest.DocumentControlCategoryID,
		VersionAttribute: "Approved Version", DateAttribute: "Approved On", LinkKey: []byte(testLinkKey),
		Addr: "127.0.0.1:0", Serve: true, ready: func(u string) { urlc <- u }}
	go func() { done <- run(ctx, cfg, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	select {
	case u := <-urlc:
		return strings.Replace(u, "/partners/links/", "/partners/share/", 1), up.Node.ID
	case err := <-done:
		done <- err // for the cleanup, which waits for it
		t.Fatalf("run returned instead of serving: %v", err)
		return "", 0
	}
}

// open fetches a page as a partner (the gateway's header) and parses it.
func open(t *testing.T, url, partner string, status int) (*pagetest.Node, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set(partnerHeader, partner)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, status, resp.StatusCode, "%s\n%s", url, body)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "private, no-store", resp.Header.Get("Cache-Control"))
	return pagetest.Parse(t, body), string(body)
}

func facts(n *pagetest.Node) map[string]string {
	m := map[string]string{}
	dts, dds := n.Tag("dt"), n.Tag("dd")
	for i := range min(len(dts), len(dds)) {
		m[dts[i].Text()] = dds[i].Text()
	}
	return m
}

func TestPartnerPage(t *testing.T) {
	pageURL, doc := sharing(t)
	token := pageURL[strings.LastIndex(pageURL, "/")+1:]
	root := pageURL[:strings.Index(pageURL, "/partners/")]

	p, _ := open(t, pageURL, "acme", http.StatusOK)
	assert.Equal(t, "ISO 9001 certificate.pdf", p.Tag("h1")[0].Text())
	f := facts(p)
	assert.Equal(t, "ISO 9001 certificate.pdf", f["Document"])
	assert.True(t, strings.HasPrefix(f["Version"], "1, filed "), f["Version"])
	assert.Equal(t, "ISO 9001 certificate.pdf (application/pdf, 20 bytes)", f["File"])
	link, err := portal.NewSigner(portal.Key{ID: "2025-1", Secret: []byte(testLinkKey)})
	require.NoError(t, err)
	l, err := link.Verify(token, time.Now())
	require.NoError(t, err)
	assert.Equal(t, l.Expires.UTC().Format("2 Jan 2006 15:04 UTC"), f["Available until"])
	times := p.Tag("time")
	require.Len(t, times, 1)
	assert.Equal(t, l.Expires.UTC().Format(time.RFC3339), times[0].Attr["datetime"])

	// The download streams the pinned version through the portal.
	var dl string
	for _, a := range p.Tag("a") {
		if strings.HasPrefix(a.Text(), "Download") {
			dl = a.Attr["href"]
		}
	}
	assert.Equal(t, "/partners/links/"+token, dl)
	req, err := http.NewRequest(http.MethodGet, root+dl, nil)
	require.NoError(t, err)
	req.Header.Set(partnerHeader, "acme")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "%PDF-1.7 certificate", string(body))

	// Refusals say why, with the portal's status, and nothing of the
	// document.
	fields := strings.Split(token, ".")
	fields[2] = strconv.FormatInt(doc+1, 10)
	tampered := strings.Join(fields, ".")
	expired, err := link.Sign(portal.Link{Document: doc, Version: 1, Partner: "acme", Expires: time.Now().Add(-time.Hour)})
	require.NoError(t, err)
	base := pageURL[:strings.LastIndex(pageURL, "/")+1]
	for _, c := range []struct {
		name, token, partner string
		status               int
		title                string
	}{
		{"tampered", tampered, "acme", http.StatusUnauthorized, "This link is not valid"},
		{"garbage", "not-a-token", "acme", http.StatusUnauthorized, "This link is not valid"},
		{"expired", expired, "acme", http.StatusUnauthorized, "This link has expired"},
		{"another partner", token, "globex", http.StatusForbidden, "This link is not for you"},
		{"no partner", token, "", http.StatusForbidden, "This link is not for you"},
	} {
		p, raw := open(t, base+c.token, c.partner, c.status)
		assert.Equal(t, c.title, p.Tag("h1")[0].Text(), c.name)
		assert.NotContains(t, raw, "ISO 9001", c.name)
		assert.NotContains(t, raw, "/partners/links/", c.name)
		assert.Empty(t, facts(p), c.name)
	}
}
