package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/xecm-go/xecm"
)

// eventFeed collects events from whichever source delivers them.
type eventFeed struct {
	mu     sync.Mutex
	events []xecm.Event
	added  chan struct{}
}

func newEventFeed() *eventFeed { return &eventFeed{added: make(chan struct{}, 1)} }

func (f *eventFeed) add(ev xecm.Event) {
	f.mu.Lock()
	f.events = append(f.events, ev)
	f.mu.Unlock()
	select {
	case f.added <- struct{}{}:
	default:
	}
}

// await waits for an event of the type about the node.
func (f *eventFeed) await(ctx context.Context, t xecm.EventType, nodeID int64) (xecm.Event, error) {
	for {
		f.mu.Lock()
		for _, ev := range f.events {
			if ev.Type == t && ev.Data.NodeID == nodeID {
				f.mu.Unlock()
				return ev, nil
			}
		}
		f.mu.Unlock()
		select {
		case <-f.added:
		case <-ctx.Done():
			return xecm.Event{}, fmt.Errorf("waiting for %s of node %d: %w", t, nodeID, ctx.Err())
		}
	}
}
