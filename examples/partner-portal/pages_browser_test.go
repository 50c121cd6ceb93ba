package main

import (
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/pagetest"
)

// TestPartnerPageInChromium opens Acme's page and a tampered link's page
// in headless Chromium, through a stand-in for the gateway that
// authenticates Acme and sets the partner header: both render, with no
// console message, and not blank.
func TestPartnerPageInChromium(t *testing.T) {
	b := pagetest.Chromium(t)
	pageURL, _ := sharing(t)
	target, err := url.Parse(pageURL)
	require.NoError(t, err)
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(&url.URL{Scheme: "http", Host: target.Host})
		r.Out.Header.Set(partnerHeader, "acme")
	}}
	gw := httptest.NewServer(proxy)
	defer gw.Close()

	path := target.Path
	tampered := path[:strings.LastIndex(path, ".")] + ".AAAA"
	for name, u := range map[string]string{"partner-share": gw.URL + path, "partner-refused": gw.URL + tampered} {
		shot := b.Open(t, name, u)
		assert.Empty(t, shot.Console, name)
		assert.Greater(t, shot.Colours(3), 1, "%s: the screenshot is blank", name)
	}
}
