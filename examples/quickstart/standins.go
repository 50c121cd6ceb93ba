package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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

// standIn is another business system (here: invoice processing) that
// receives JSON over HTTP.
type standIn struct {
	*httptest.Server
	mu       sync.Mutex
	received []map[string]any
}

func newStandIn() *standIn {
	s := &standIn{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, "bad JSON", http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.received = append(s.received, v)
		s.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	return s
}

func (s *standIn) post(ctx context.Context, path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s answered %s", path, resp.Status)
	}
	return nil
}

func (s *standIn) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.received)
}
