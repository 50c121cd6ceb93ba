package webhook

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/xecm-go/xecm"
)

// Deduper records the IDs of accepted deliveries so that a redelivered
// event is acknowledged without being processed again. Implementations
// must be safe for concurrent use; use a shared store (such as Redis
// SET NX PX) when several replicas receive the same endpoint's traffic.
type Deduper interface {
	// Reserve marks id as taken for ttl and reports whether it was free.
	// Of concurrent calls with the same id, at most one returns true. After
	// an error the Handler answers 500 and calls Release, since the mark
	// may have been made.
	Reserve(ctx context.Context, id string, ttl time.Duration) (bool, error)
	// Release frees id again, so a redelivery is processed (the Handler
	// calls it when the event function failed).
	Release(ctx context.Context, id string) error
}

// DefaultDedupTTL is how long a Handler remembers accepted IDs. It is far
// above the replay window of a Verifier of DefaultTolerance (ten minutes,
// after which replays are refused by age) and covers a sender's retries
// of a day.
const DefaultDedupTTL = 24 * time.Hour

// defaultDedupEntries bounds a MemoryDeduper made with a size ≤ 0.
const defaultDedupEntries = 100_000

// MemoryDeduper is a Deduper in memory, bounded in size: when full it
// forgets the oldest IDs first. It serves one process only, and forgets
// everything on restart. An ID forgotten before its TTL can be replayed
// while the scheme still accepts it, so size it above the deliveries of
// the scheme's ReplayWindow (for a Verifier of the default tolerance, the
// default 100 000 holds 160 a second), or for a scheme without one, such
// as HMACHeader, of the TTL.
type MemoryDeduper struct {
	mu      sync.Mutex
	max     int
	entries map[string]dedupEntry
	order   []dedupKey // insertion order, oldest first (may hold stale keys)
	gen     uint64
	now     func() time.Time
}

type dedupEntry struct {
	expires time.Time
	gen     uint64
}

type dedupKey struct {
	id  string
	gen uint64
}

// NewMemoryDeduper returns a MemoryDeduper holding at most maxEntries IDs
// (100 000 if maxEntries ≤ 0).
func NewMemoryDeduper(maxEntries int) *MemoryDeduper {
	if maxEntries <= 0 {
		maxEntries = defaultDedupEntries
	}
	return &MemoryDeduper{max: maxEntries, entries: map[string]dedupEntry{}, now: time.Now}
}

// Reserve implements Deduper. A nil *MemoryDeduper holds nothing: it
// fails, wrapping xecm.ErrInvalidArgument (the zero value is usable).
func (m *MemoryDeduper) Reserve(_ context.Context, id string, ttl time.Duration) (bool, error) {
	if m == nil {
		return false, errNilDeduper("Reserve")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil { // a zero MemoryDeduper is usable too
		m.entries, m.max, m.now = map[string]dedupEntry{}, defaultDedupEntries, time.Now
	}
	now := m.now()
	if e, ok := m.entries[id]; ok && now.Before(e.expires) {
		return false, nil
	}
	m.evict(now)
	m.gen++
	m.entries[id] = dedupEntry{expires: now.Add(ttl), gen: m.gen}
	m.order = append(m.order, dedupKey{id, m.gen})
	if len(m.order) > 2*m.max+16 {
		m.dropStale()
	}
	return true, nil
}

// Release implements Deduper. On a nil *MemoryDeduper it fails like
// Reserve.
func (m *MemoryDeduper) Release(_ context.Context, id string) error {
	if m == nil {
		return errNilDeduper("Release")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, id)
	return nil
}

// Len returns how many IDs are remembered (none by a nil *MemoryDeduper).
func (m *MemoryDeduper) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

func errNilDeduper(method string) error {
	return fmt.Errorf("webhook: MemoryDeduper.%s: nil *MemoryDeduper: %w", method, xecm.ErrInvalidArgument)
}

// evict drops expired and released keys from the front of the order, and
// the oldest live ones while the set is full. The caller holds m.mu.
func (m *MemoryDeduper) evict(now time.Time) {
	drop := 0
	for drop < len(m.order) {
		k := m.order[drop]
		e, ok := m.entries[k.id]
		switch {
		case !ok || e.gen != k.gen:
			// released or reserved again later: stale key
		case !now.Before(e.expires) || len(m.entries) >= m.max:
			delete(m.entries, k.id)
		default:
			m.order = m.order[drop:]
			m.compact()
			return
		}
		drop++
	}
	m.order = m.order[:0]
}

// dropStale removes the keys of released IDs from the order, which
// otherwise only shrinks from the front. The caller holds m.mu.
func (m *MemoryDeduper) dropStale() {
	live := make([]dedupKey, 0, len(m.entries))
	for _, k := range m.order {
		if e, ok := m.entries[k.id]; ok && e.gen == k.gen {
			live = append(live, k)
		}
	}
	m.order = live
}

// compact copies the order slice when most of its backing array is dead.
func (m *MemoryDeduper) compact() {
	if cap(m.order) > 1024 && len(m.order) < cap(m.order)/4 {
		m.order = append([]dedupKey(nil), m.order...)
	}
}
