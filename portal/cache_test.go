package portal

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestMetadataIsCachedContentIsNot(t *testing.T) {
	src := fixture()
	h, clk := newTestHandler(t, src, nil)
	for range 5 {
		require.Equal(t, http.StatusOK, get(h, "GET", "/documents/101").Code)
	}
	assert.Equal(t, 1, src.count("Document"))
	assert.Equal(t, 1, src.count("Versions"))
	assert.Equal(t, 1, src.count("Categories"))
	assert.Equal(t, 5, src.count("Open"), "content is always streamed from the source")

	clk.advance(DefaultCacheTTL)
	get(h, "GET", "/documents/101")
	assert.Equal(t, 2, src.count("Document"), "entries expire")
}

func TestNotFoundIsCachedToo(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	get(h, "GET", "/documents/999")
	get(h, "GET", "/documents/999")
	assert.Equal(t, 1, src.count("Document"))
}

func TestCacheCanBeDisabled(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, func(c *Config) { c.CacheTTL = -1 })
	get(h, "GET", "/documents/101")
	get(h, "GET", "/documents/101")
	assert.Equal(t, 2, src.count("Document"))
}

func TestCacheIsBounded(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, func(c *Config) { c.CacheEntries = 4 })
	for id := int64(1000); id < 1100; id++ {
		get(h, "GET", "/documents/"+strconv.FormatInt(id, 10))
	}
	assert.Equal(t, 4, h.cache.len())
	// Least recently used goes first.
	get(h, "GET", "/documents/1098")
	get(h, "GET", "/documents/5000")
	before := src.count("Document")
	get(h, "GET", "/documents/1098")
	assert.Equal(t, before, src.count("Document"), "a recently used entry stays")
}

// A withdrawn document stops being served as soon as its event arrives.
func TestInvalidationByEvent(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	require.Equal(t, http.StatusOK, get(h, "GET", "/documents/101").Code)
	src.setStatus(101, "Withdrawn")
	assert.Equal(t, http.StatusOK, get(h, "GET", "/documents/101").Code, "cached until told")
	require.NoError(t, h.HandleEvent(t.Context(), xecm.Event{Type: xecm.EventMetadataChanged, Data: xecm.EventData{NodeID: 101, CategoryID: 7100}}))
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101").Code)

	// A new version shows after version.added.
	src.setStatus(101, "Approved")
	h.Invalidate(101)
	src.addApprovedVersion(101, "application/pdf", "handbook version three")
	require.NoError(t, h.HandleEvent(t.Context(), xecm.Event{Type: xecm.EventVersionAdded, Data: xecm.EventData{NodeID: 101, Version: 3}}))
	assert.Equal(t, "handbook version three", get(h, "GET", "/documents/101").Body.String())
}

// Invalidating a folder drops the documents cached below it: a moved or
// withdrawn folder takes its documents along.
func TestInvalidatingAFolderDropsWhatIsBelow(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	require.Equal(t, http.StatusOK, get(h, "GET", "/documents/121").Code)
	// Acme's workspace moves out of the published tree.
	src.mu.Lock()
	src.nodes[12].info.Ancestors = []int64{2000, 20}
	src.nodes[121].info.Ancestors = []int64{2000, 20, 12}
	src.mu.Unlock()
	h.Invalidate(12)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/121").Code)

	h.InvalidateAll()
	assert.Zero(t, h.cache.len())
}

func TestConcurrentMissesFetchOnce(t *testing.T) {
	c := newMetaCache(time.Hour, 10, time.Now)
	var fetches atomic.Int32
	release := make(chan struct{})
	fetch := func(context.Context) (any, []int64, error) {
		fetches.Add(1)
		<-release
		return "v", nil, nil
	}
	var wg sync.WaitGroup
	results := make([]any, 20)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = c.get(t.Context(), cacheKey{kindDocument, 1}, fetch)
		}()
	}
	close(release)
	wg.Wait()
	assert.EqualValues(t, 1, fetches.Load())
	for _, r := range results {
		assert.Equal(t, "v", r)
	}
}

// A fetch that began before an invalidation may have read the old state:
// its answer is returned but not kept.
func TestFetchRacingAnInvalidationIsNotStored(t *testing.T) {
	c := newMetaCache(time.Hour, 10, time.Now)
	key := cacheKey{kindDocument, 1}
	_, err := c.get(t.Context(), key, func(context.Context) (any, []int64, error) {
		c.invalidate(1)
		return "stale", nil, nil
	})
	require.NoError(t, err)
	v, _ := c.get(t.Context(), key, func(context.Context) (any, []int64, error) { return "fresh", nil, nil })
	assert.Equal(t, "fresh", v)
}

// A waiter whose own context ends stops waiting; the fetch goes on for
// the others.
func TestWaiterCancellation(t *testing.T) {
	c := newMetaCache(time.Hour, 10, time.Now)
	key := cacheKey{kindDocument, 1}
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan any)
	go func() {
		v, _ := c.get(context.Background(), key, func(context.Context) (any, []int64, error) {
			close(started)
			<-release
			return "v", nil, nil
		})
		done <- v
	}()
	<-started
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.get(ctx, key, func(context.Context) (any, []int64, error) { return "other", nil, nil })
	assert.ErrorIs(t, err, context.Canceled)
	close(release)
	assert.Equal(t, "v", <-done)
}

// A Source that panics fails the request that made it panic, not every
// later request for the same metadata: the shared fetch is released.
func TestAPanickingSourceDoesNotWedgeTheCache(t *testing.T) {
	src := &panickingSource{fakeSource: fixture()}
	src.panics.Store(1)
	h, _ := newTestHandler(t, src, nil)
	assert.Panics(t, func() { get(h, "GET", "/documents/101") })

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second) // a wedged key would block until then
	defer cancel()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/documents/101", nil).WithContext(ctx))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, handbookV2, w.Body.String())
}

// panickingSource panics in Document as many times as panics says.
type panickingSource struct {
	*fakeSource
	panics atomic.Int32
}

func (p *panickingSource) Document(ctx context.Context, id int64) (*DocumentInfo, error) {
	if p.panics.Add(-1) >= 0 {
		panic("faulty source")
	}
	return p.fakeSource.Document(ctx, id)
}
