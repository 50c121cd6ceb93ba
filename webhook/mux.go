package webhook

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/xecm-go/xecm"
)

// Mux dispatches events to functions by type. Register an exact type
// ("document.created") or a family ("document.*", every type under
// "document."); the most specific registration wins, then the fallback.
// Events nobody handles are acknowledged (nil) unless a fallback says
// otherwise. It is safe for concurrent use.
type Mux struct {
	mu       sync.RWMutex
	handlers map[xecm.EventType]xecm.EventFunc
	fallback xecm.EventFunc
}

// NewMux returns an empty Mux.
func NewMux() *Mux { return &Mux{handlers: map[xecm.EventType]xecm.EventFunc{}} }

// Handle registers fn for events of type t (or, if t ends in ".*", for
// its family), replacing any earlier registration; a nil fn removes it.
// On a nil *Mux it does nothing (and HandleEvent fails every event).
func (m *Mux) Handle(t xecm.EventType, fn xecm.EventFunc) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if fn == nil {
		delete(m.handlers, t)
		return
	}
	if m.handlers == nil { // a zero Mux is usable too
		m.handlers = map[xecm.EventType]xecm.EventFunc{}
	}
	m.handlers[t] = fn
}

// HandleFallback registers fn for events no other registration matches,
// including types this SDK does not know; nil removes it. On a nil *Mux
// it does nothing (and HandleEvent fails every event).
func (m *Mux) HandleFallback(fn xecm.EventFunc) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fallback = fn
}

// HandleEvent dispatches ev; it is an xecm.EventFunc, to pass to
// NewHandler or to Events.Watch. On a nil *Mux it fails (wrapping
// xecm.ErrInvalidArgument), so that a Handler answers 500 and the event is
// delivered again, rather than acknowledged with nothing registered.
func (m *Mux) HandleEvent(ctx context.Context, ev xecm.Event) error {
	if m == nil {
		return fmt.Errorf("webhook: Mux.HandleEvent: nil *Mux (make it with NewMux, or declare a Mux): %w", xecm.ErrInvalidArgument)
	}
	if fn := m.lookup(ev.Type); fn != nil {
		return fn(ctx, ev)
	}
	return nil
}

func (m *Mux) lookup(t xecm.EventType) xecm.EventFunc {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if fn, ok := m.handlers[t]; ok {
		return fn
	}
	s := string(t)
	for {
		i := strings.LastIndexByte(s, '.')
		if i < 0 {
			break
		}
		s = s[:i]
		if fn, ok := m.handlers[xecm.EventType(s+".*")]; ok {
			return fn
		}
	}
	return m.fallback
}

// Data decodes the data object of ev into a T, for event data with members
// beyond xecm.EventData (the common ones are in ev.Data already).
func Data[T any](ev xecm.Event) (T, error) {
	var v T
	err := ev.DecodeData(&v)
	return v, err
}
