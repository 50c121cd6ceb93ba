package xecmtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// Event callbacks. Extended ECM sends none of its own; the simulator
// delivers the events of the xecm SDK (Standard Webhooks, signed with
// webhook.Signer) for every audit entry it records, so that receivers can be
// tested end to end. The event of an entry is the one c.Events.Watch makes
// of it (mapping the invented entries of WithInventedAuditEvents as
// InventedAuditEventTypes does), with the same deterministic ID, so a
// receiver fed by both sources sees one event once.
//
// Subscribers are registered with AddSubscription or, from outside the
// process (cmd/xecmsim), with the simulator-only admin endpoint, which takes
// the API's credentials (an OTCSTicket from POST api/v1/auth, say) and does
// not exist on a real server:
//
//	POST   /xecmsim/webhooks       {"url":"http://...","secret":"whsec_...","types":["document.created"]}
//	                               → 201 {"id":"sub_1","url":...,"secret":...,"types":[...]}
//	                               (secret optional: one is generated; types optional: all)
//	GET    /xecmsim/webhooks       → 200 [{"id","url","types"}] (no secrets)
//	DELETE /xecmsim/webhooks/{id}  → 204, or 404
//
// Deliveries to one subscriber go out one at a time, in audit order. A
// failed delivery (transport error, 5xx, 408, 429) is retried with backoff
// (WithWebhookRetries); the outcome of each is in Deliveries.

// Subscription is a subscriber URL that receives signed event callbacks.
type Subscription struct {
	ID     string
	URL    string
	Secret string           // "whsec_..." the deliveries are signed with
	Types  []xecm.EventType // the event types delivered; empty means all
}

// CallbackDelivery is the outcome of delivering one event to one subscriber.
type CallbackDelivery struct {
	SubscriptionID string
	Event          xecm.Event
	Err            error // nil when the subscriber answered 2xx
}

// webhookState is the callback area: subscriptions, their queues and the
// delivery log. It has its own lock (taken after s.mu, never before).
type webhookState struct {
	mu         sync.Mutex
	subs       map[string]*subscriber
	nextID     int
	deliveries []CallbackDelivery
	attempts   int
	backoff    time.Duration
	ctx        context.Context
	stop       context.CancelFunc
	wg         sync.WaitGroup
}

// subscriber is a subscription with its pending events.
type subscriber struct {
	Subscription
	sender  *webhook.Sender
	queue   []xecm.Event
	running bool // a goroutine is draining queue
	ctx     context.Context
	cancel  context.CancelFunc
}

// WithWebhookRetries sets how many attempts a callback gets (default 5) and
// the first pause between them (default 200ms, doubling up to 5s).
func WithWebhookRetries(attempts int, firstBackoff time.Duration) Option {
	return func(c *config) {
		if attempts > 0 {
			c.webhookAttempts = attempts
		}
		if firstBackoff > 0 {
			c.webhookBackoff = firstBackoff
		}
	}
}

func (s *Server) installWebhooks() {
	ctx, stop := context.WithCancel(context.Background())
	s.webhooks = &webhookState{subs: map[string]*subscriber{}, ctx: ctx, stop: stop,
		attempts: s.cfg.webhookAttempts, backoff: s.cfg.webhookBackoff}
	if s.webhooks.attempts == 0 {
		s.webhooks.attempts = 5
	}
	if s.webhooks.backoff == 0 {
		s.webhooks.backoff = 200 * time.Millisecond
	}
	s.onAuditLocked(s.emitLocked)
	s.installWebhookAdmin()
}

// AddSubscription registers a subscriber URL for signed event callbacks of
// the given types (none: all). An empty secret gets a fresh one; the
// returned Subscription holds it.
func (s *Server) AddSubscription(target, secret string, types ...xecm.EventType) (Subscription, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Subscription{}, fmt.Errorf("xecmtest: AddSubscription: url %q is not an absolute http(s) URL", target)
	}
	if secret == "" {
		if secret, err = webhook.NewSecret(); err != nil {
			return Subscription{}, err
		}
	}
	signer, err := webhook.NewSigner(secret)
	if err != nil {
		return Subscription{}, fmt.Errorf("xecmtest: AddSubscription: %w", err)
	}
	w := s.webhooks
	sender, err := webhook.NewSender(signer, webhook.WithAttempts(w.attempts), webhook.WithBackoff(w.backoff, 5*time.Second),
		webhook.WithSenderClock(s.cfg.clock))
	if err != nil {
		return Subscription{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.nextID++
	sub := &subscriber{
		Subscription: Subscription{ID: fmt.Sprintf("sub_%d", w.nextID), URL: target, Secret: secret, Types: slices.Clone(types)},
		sender:       sender,
	}
	sub.ctx, sub.cancel = context.WithCancel(w.ctx)
	w.subs[sub.ID] = sub
	return sub.Subscription, nil
}

// RemoveSubscription stops deliveries to a subscriber (pending ones are
// dropped) and reports whether it existed.
func (s *Server) RemoveSubscription(id string) bool {
	w := s.webhooks
	w.mu.Lock()
	defer w.mu.Unlock()
	sub, ok := w.subs[id]
	if ok {
		sub.cancel()
		delete(w.subs, id)
	}
	return ok
}

// Subscriptions returns the registered subscribers, ordered by ID.
func (s *Server) Subscriptions() []Subscription {
	w := s.webhooks
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]Subscription, 0, len(w.subs))
	for _, sub := range w.subs {
		out = append(out, sub.Subscription)
	}
	slices.SortFunc(out, func(a, b Subscription) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Deliveries returns the outcome of every callback delivered (or given up)
// so far, in the order they finished.
func (s *Server) Deliveries() []CallbackDelivery {
	w := s.webhooks
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.deliveries)
}

// WaitForDeliveries blocks until no callback is pending or ctx ends.
func (s *Server) WaitForDeliveries(ctx context.Context) error {
	for {
		if !s.webhooks.pending() {
			return nil
		}
		t := time.NewTimer(5 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (w *webhookState) pending() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, sub := range w.subs {
		if sub.running || len(sub.queue) > 0 {
			return true
		}
	}
	return false
}

// stopWebhooks cancels all deliveries and waits for them (Close).
func (s *Server) stopWebhooks() {
	s.webhooks.stop()
	s.webhooks.wg.Wait()
}

// emitLocked is the audit listener: it turns the entry into an event and
// queues it for every interested subscriber. The caller holds s.mu.
func (s *Server) emitLocked(e AuditEntry) {
	w := s.webhooks
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.subs) == 0 {
		return
	}
	ev := s.eventLocked(e)
	for _, sub := range w.subs {
		if len(sub.Types) > 0 && !slices.Contains(sub.Types, ev.Type) {
			continue
		}
		sub.queue = append(sub.queue, ev)
		if !sub.running && sub.ctx.Err() == nil {
			sub.running = true
			w.wg.Add(1)
			go s.drain(sub)
		}
	}
}

// eventLocked builds the event of an audit entry. The caller holds s.mu.
func (s *Server) eventLocked(e AuditEntry) xecm.Event {
	ordinal := 0
	for _, prev := range s.audit.byNode[e.NodeID] {
		if prev.Seq < e.Seq && prev.Date.Equal(e.Date) {
			ordinal++
		}
	}
	ae := xecm.AuditEvent{NodeID: e.NodeID, EventType: s.auditWireID(e.EventType), EventName: e.Name,
		Time: xecm.Time{Time: e.Date}, UserID: e.UserID, AgentID: e.AgentID, TargetUserID: e.TargetUserID}
	var info *xecm.Node
	if n := s.nodes.byID[e.NodeID]; n != nil {
		info = &xecm.Node{ID: n.ID, Name: n.Name, Type: n.Type, ParentID: n.ParentID}
	}
	// The invented entries (written only with WithInventedAuditEvents) map
	// to the events they were invented for: these callbacks stand for an
	// event script of the customer's, which knows what it writes.
	ev := InventedAuditEventTypes().Event(ae, ordinal, info)
	ev.Data.Version = e.Version
	if n := s.nodes.byID[e.NodeID]; n != nil && ev.Data.WorkspaceID == 0 {
		for _, a := range s.ancestorsLocked(n) {
			if a.Type == TypeBusinessWorkspace {
				ev.Data.WorkspaceID = a.ID // the nearest one wins: keep going down
			}
		}
	}
	return ev
}

// drain delivers a subscriber's queue in order, then exits.
func (s *Server) drain(sub *subscriber) {
	w := s.webhooks
	defer w.wg.Done()
	for {
		w.mu.Lock()
		if len(sub.queue) == 0 || sub.ctx.Err() != nil {
			sub.running, sub.queue = false, sub.queue[:0]
			w.mu.Unlock()
			return
		}
		ev := sub.queue[0]
		sub.queue = sub.queue[1:]
		w.mu.Unlock()

		err := sub.sender.Send(sub.ctx, sub.URL, ev)
		if errors.Is(err, context.Canceled) && sub.ctx.Err() != nil {
			err = fmt.Errorf("xecmtest: subscription %s removed or server closed: %w", sub.ID, err)
		}
		if err != nil {
			s.logger().Debug("xecmtest: callback failed", "subscription", sub.ID, "event", ev.ID, "error", err)
		}
		w.mu.Lock()
		w.deliveries = append(w.deliveries, CallbackDelivery{SubscriptionID: sub.ID, Event: ev, Err: err})
		w.mu.Unlock()
	}
}
