package webhook

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/xecm-go/xecm"
)

// Outbox keeps the events a Relay is to send until their subscriber
// acknowledged them. An event is in the outbox before the source that
// produced it moves on (Watch's checkpoint), and leaves it only after the
// subscriber answered 2xx, so a relay that dies in between sends it on
// restart, with the same ID (the webhook-id receivers deduplicate on).
// Implementations must be safe for concurrent use: the core's
// MemoryOutbox in one process, store/redisstore and store/pgstore across
// restarts and replicas.
type Outbox interface {
	// Put stores ev, durably once it returns nil. Putting an ID that is
	// already stored keeps the first copy and its place.
	Put(ctx context.Context, ev xecm.Event) error
	// Pending returns up to limit stored events, oldest first.
	Pending(ctx context.Context, limit int) ([]xecm.Event, error)
	// Delete removes the event of id; an ID not stored is no error.
	Delete(ctx context.Context, id string) error
}

// MemoryOutbox is an Outbox in memory: it survives the restart of a Relay
// in one process, not of the process.
type MemoryOutbox struct {
	mu     sync.Mutex
	events map[string]xecm.Event
	order  []string
}

// NewMemoryOutbox returns an empty MemoryOutbox.
func NewMemoryOutbox() *MemoryOutbox { return &MemoryOutbox{events: map[string]xecm.Event{}} }

// Put implements Outbox.
func (m *MemoryOutbox) Put(_ context.Context, ev xecm.Event) error {
	if ev.ID == "" {
		return fmt.Errorf("webhook: MemoryOutbox.Put: event without ID: %w", xecm.ErrInvalidArgument)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.events == nil {
		m.events = map[string]xecm.Event{}
	}
	if _, ok := m.events[ev.ID]; ok {
		return nil
	}
	m.events[ev.ID] = ev
	m.order = append(m.order, ev.ID)
	return nil
}

// Pending implements Outbox.
func (m *MemoryOutbox) Pending(_ context.Context, limit int) ([]xecm.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := min(limit, len(m.order))
	out := make([]xecm.Event, 0, max(n, 0))
	for _, id := range m.order[:max(n, 0)] {
		out = append(out, m.events[id])
	}
	return out, nil
}

// Delete implements Outbox.
func (m *MemoryOutbox) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.events[id]; !ok {
		return nil
	}
	delete(m.events, id)
	m.order = slices.DeleteFunc(m.order, func(s string) bool { return s == id })
	return nil
}

// Len returns how many events are stored.
func (m *MemoryOutbox) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.order)
}
