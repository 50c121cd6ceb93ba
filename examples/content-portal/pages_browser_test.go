package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/xecm-go/xecm/internal/pagetest"
)

// TestContentPortalPagesInChromium opens the list and a document page in
// headless Chromium: they render, with no console message (a refused
// stylesheet or script would log one), and not blank.
func TestContentPortalPagesInChromium(t *testing.T) {
	b := pagetest.Chromium(t)
	root := serving(t)
	href := link(page(t, root, 200), "Travel Policy.txt")
	for name, url := range map[string]string{"content-portal-list": root, "content-portal-document": root + href[1:]} {
		shot := b.Open(t, name, url)
		assert.Empty(t, shot.Console, name)
		assert.Greater(t, shot.Colours(3), 1, "%s: the screenshot is blank", name)
	}
}
