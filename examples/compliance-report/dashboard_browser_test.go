package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/xecm-go/xecm/internal/pagetest"
)

// TestComplianceDashboardInChromium opens the dashboard in headless
// Chromium: it renders with its script and event stream and no console
// message (a script error or a resource refused by the page's policy
// would log one), and not blank.
func TestComplianceDashboardInChromium(t *testing.T) {
	b := pagetest.Chromium(t)
	url := serving(t)
	awaitEvent(t, url, `"type":"hold.applied","time"`)
	shot := b.Open(t, "compliance-dashboard", url)
	assert.Empty(t, shot.Console)
	assert.Greater(t, shot.Colours(3), 1, "the screenshot is blank")
}
