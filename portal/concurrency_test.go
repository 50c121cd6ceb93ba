package portal

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Many readers, ranges, links and listings at once while new versions
// arrive and the cache is invalidated: every answer is internally
// consistent (the body is the version its ETag names), and -race is quiet.
func TestConcurrentReadersWhileVersionsArrive(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, func(c *Config) { c.Policy.Versions = AllVersions; c.CacheTTL = time.Hour })
	link, err := h.NewLink(t.Context(), LinkRequest{Document: 121, Partner: "acme", TTL: time.Hour})
	require.NoError(t, err)
	content := func(v int) string { return fmt.Sprintf("certificate revision %03d", v) }

	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() { // the writer: new versions of 121, with their events
		defer wg.Done()
		for v := 2; v <= 30; v++ {
			src.addApprovedVersion(121, "application/pdf", content(v))
			h.Invalidate(121)
		}
		close(stop)
	}()
	errs := make(chan string, 100)
	report := func(e string) {
		select {
		case errs <- e:
		default: // enough reported
		}
	}
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				switch (g + i) % 4 {
				case 0: // latest: body must match the ETag's version
					w := get(h, "GET", "/documents/121")
					if w.Code != http.StatusOK {
						report(fmt.Sprintf("latest: %d", w.Code))
						continue
					}
					var v int
					fmt.Sscanf(w.Header().Get("ETag"), `"d121-v%d-`, &v)
					if v > 1 && w.Body.String() != content(v) {
						report(fmt.Sprintf("ETag v%d with body %q", v, w.Body.String()))
					}
				case 1: // the pinned link always serves v1
					w := get(h, "GET", "/"+link.Path, "Range", "bytes=0-7")
					if w.Code != http.StatusPartialContent || w.Body.String() != "ISO 9001" {
						report(fmt.Sprintf("link: %d %q", w.Code, w.Body.String()))
					}
				case 2:
					w := get(h, "HEAD", "/documents/101", "If-None-Match", `"nope"`)
					if w.Code != http.StatusOK {
						report(fmt.Sprintf("head: %d", w.Code))
					}
				case 3:
					if w := get(h, "GET", "/collections/policies"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"id":101`) {
						report(fmt.Sprintf("collection: %d", w.Code))
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		assert.Fail(t, e)
	}
	// After the last invalidation the newest version is served.
	assert.Equal(t, content(30), get(h, "GET", "/documents/121").Body.String())
}
