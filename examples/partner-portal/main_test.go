package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/portal"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestPartnerPortalOnTheSimulator(t *testing.T) {
	var out bytes.Buffer
	cfg, err := parseFlags([]string{"-addr", "127.0.0.1:0"})
	require.NoError(t, err)
	cfg.ECM, cfg.LinkKey = exampleenv.Config{}, nil
	demo(&cfg)
	require.NoError(t, run(t.Context(), cfg, &out))
	s := out.String()
	t.Log(s)
	assert.Contains(t, s, "embedded Extended ECM simulator")
	assert.Contains(t, s, `Supplier folder "Suppliers/Acme Industrial": node `)
	assert.Contains(t, s, `Document "ISO 9001 certificate.pdf": node 100004`)
	assert.Contains(t, s, "version 1, valid until")
	assert.Equal(t, 2, bytes.Count(out.Bytes(), []byte("200 OK: 51 bytes, ETag \"d100004-v1\"")), "v1 before and after the new version")
	assert.Contains(t, s, "A link issued now pins version 1, the approved one", "the unapproved version 2 is not shared")
	assert.Contains(t, s, `partner="acme" document=100004 version=1 status=200 bytes=51`)
	assert.Contains(t, s, "403 Forbidden")
	assert.Contains(t, s, `status=403 bytes=0 wrong partner`)
	assert.Contains(t, s, "401 Unauthorized")
	assert.Contains(t, s, `partner="" document=0 version=0 status=401 bytes=0 invalid link`)
}

// TestPartnerPortalServesTheLinkItIssues runs the command as against a
// real server with -serve: the link it prints keeps working for the
// partner until the context ends.
func TestPartnerPortalServesTheLinkItIssues(t *testing.T) {
	sim := simcheck.Start(t)
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Acme Industrial")
	ecm := exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	env, err := exampleenv.Connect(t.Context(), ecm, io.Discard)
	require.NoError(t, err)
	up, err := env.Client.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: folder, Name: "ISO 9001 certificate.pdf",
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 certificate")})
	require.NoError(t, err)
	cfg, err := parseFlags([]string{"-addr", "127.0.0.1:0", "-serve", "-folder", "Acme Industrial", "-document", "ISO 9001 certificate.pdf"})
	require.NoError(t, err)
	cfg.ECM, cfg.LinkKey = ecm, []byte("a link key of at least 32 bytes!")

	// Not approved yet: no link is issued.
	assert.ErrorIs(t, run(t.Context(), cfg, io.Discard), portal.ErrNotFound)
	require.NoError(t, env.Client.Metadata.Apply(t.Context(), up.Node.ID,
		xecm.NewCategoryValues(xecmtest.DocumentControlCategoryID).Set("Status", "Approved").Set("Approved Version", 1)))
	// What is not found is named.
	for _, c := range []struct {
		change func(*config)
		want   string
	}{
		{func(c *config) { c.Folder = "Suppliers/Acme Industrial" }, `"Suppliers"`},
		{func(c *config) { c.Document = "ISO 14001 certificate.pdf" }, `"ISO 14001 certificate.pdf"`},
		{func(c *config) { c.Category = "Document Kontrol" }, `"Document Kontrol"`},
	} {
		wrong := cfg
		c.change(&wrong)
		err := run(t.Context(), wrong, io.Discard)
		require.ErrorIs(t, err, xecm.ErrNotFound)
		assert.ErrorContains(t, err, c.want)
	}
	noFolder := cfg
	noFolder.Folder = ""
	assert.ErrorContains(t, run(t.Context(), noFolder, io.Discard), "-folder")

	short := cfg
	short.LinkKey = []byte("short")
	assert.ErrorContains(t, run(t.Context(), short, io.Discard), "PORTAL_LINK_KEY")

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	urlc := make(chan string, 1)
	done := make(chan error, 1)
	cfg.ready = func(u string) { urlc <- u }
	var out bytes.Buffer
	go func() { done <- run(ctx, cfg, &out) }()
	var link string
	select {
	case link = <-urlc:
	case err := <-done:
		t.Fatalf("run returned instead of serving: %v", err)
	}
	req, err := http.NewRequest(http.MethodGet, link, nil)
	require.NoError(t, err)
	req.Header.Set(partnerHeader, "acme")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "%PDF-1.7 certificate", string(body))
	cancel()
	require.NoError(t, <-done)
	s := out.String()
	assert.NotContains(t, s, "3. A renewed certificate", "no version is added on a real server")
	assert.Contains(t, s, "4. Globex tries Acme's link:\n  access log: partner=\"acme\"")
	assert.Contains(t, s, "Serving Acme's link until interrupted")
	assert.NotContains(t, s, "a link key of at least", "the key is never printed")
}
