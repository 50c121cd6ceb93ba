package portal

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"
)

// cacheKind says what a cache entry holds.
type cacheKind int

const (
	kindDocument cacheKind = iota
	kindVersions
	kindCategories
	kindCollection
)

type cacheKey struct {
	kind cacheKind
	id   int64
}

// cacheEntry is one cached answer: a value or a not-found.
type cacheEntry struct {
	key     cacheKey
	value   any
	err     error // only ErrNotFound is cached
	expires time.Time
	// nodes are the node IDs the value depends on besides key.id (the
	// ancestors of a document, the members of a collection), so that an
	// invalidation of any of them drops the entry.
	nodes []int64
}

// metaCache is a bounded, expiring cache of metadata (never content) with
// one fetch at a time per key: concurrent misses wait for the first.
type metaCache struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu       sync.Mutex
	lru      *list.List // of *cacheEntry, most recent at the front
	entries  map[cacheKey]*list.Element
	inflight map[cacheKey]*flight
	// gen is bumped by every invalidation, so that a fetch that started
	// before one does not store what may be stale.
	gen uint64
}

type flight struct {
	done  chan struct{}
	value any
	err   error
}

func newMetaCache(ttl time.Duration, max int, now func() time.Time) *metaCache {
	return &metaCache{ttl: ttl, max: max, now: now, lru: list.New(),
		entries: map[cacheKey]*list.Element{}, inflight: map[cacheKey]*flight{}}
}

// get returns the cached value of key, or fetches it. fetch returns the
// value and the other nodes it depends on. A disabled cache (ttl <= 0)
// always fetches.
func (c *metaCache) get(ctx context.Context, key cacheKey, fetch func(context.Context) (any, []int64, error)) (any, error) {
	if c.ttl <= 0 {
		v, _, err := fetch(ctx)
		return v, err
	}
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		if c.now().Before(e.expires) {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return e.value, e.err
		}
		c.removeLocked(el)
	}
	if f, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.value, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[key] = f
	gen := c.gen
	c.mu.Unlock()

	// A fetch that panics (a faulty Source) must not leave the flight
	// open: every later request for the key would wait on it forever.
	fetched := false
	defer func() {
		if !fetched {
			c.mu.Lock()
			if c.inflight[key] == f {
				delete(c.inflight, key)
			}
			c.mu.Unlock()
			f.err = errFetchPanicked
			close(f.done)
		}
	}()
	// The fetch is shared, so one caller's cancellation must not fail the
	// others: it runs without the caller's cancellation, bounded by a
	// timeout of its own.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fetchTimeout)
	defer cancel()
	v, nodes, err := fetch(fctx)
	fetched = true
	f.value, f.err = v, err

	c.mu.Lock()
	if c.inflight[key] == f { // an invalidation may have detached it
		delete(c.inflight, key)
	}
	if (err == nil || errors.Is(err, ErrNotFound)) && gen == c.gen {
		if err != nil {
			f.err = ErrNotFound // cache the verdict, not the upstream text
		}
		c.putLocked(&cacheEntry{key: key, value: v, err: f.err, expires: c.now().Add(c.ttl), nodes: nodes})
	}
	c.mu.Unlock()
	close(f.done)
	return v, err
}

// fetchTimeout bounds a shared metadata fetch.
const fetchTimeout = time.Minute

// errFetchPanicked is what the requests waiting on a fetch get when it
// panicked (the panic itself goes on up the fetching request).
var errFetchPanicked = errors.New("portal: metadata fetch panicked")

func (c *metaCache) putLocked(e *cacheEntry) {
	if el, ok := c.entries[e.key]; ok {
		c.removeLocked(el)
	}
	c.entries[e.key] = c.lru.PushFront(e)
	for c.lru.Len() > c.max {
		c.removeLocked(c.lru.Back())
	}
}

func (c *metaCache) removeLocked(el *list.Element) {
	delete(c.entries, el.Value.(*cacheEntry).key)
	c.lru.Remove(el)
}

// invalidate drops every entry about node id or depending on it, and
// every collection listing (a node may have entered or left one).
func (c *metaCache) invalidate(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bumpLocked()
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		e := el.Value.(*cacheEntry)
		if e.key.id == id || e.key.kind == kindCollection || containsID(e.nodes, id) {
			c.removeLocked(el)
		}
		el = next
	}
}

// bumpLocked starts a new generation: fetches begun before it will not be
// stored, and requests from now on do not join them (which of their
// nodes a fetch depends on is known only when it ends), so nobody who
// asks after an invalidation gets an answer read before it.
func (c *metaCache) bumpLocked() {
	c.gen++
	clear(c.inflight)
}

// clear drops everything.
func (c *metaCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bumpLocked()
	c.lru.Init()
	clear(c.entries)
}

// len is the number of entries held.
func (c *metaCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
