package xecm

// EventsService works with the event model shared with the webhook package, and the audit-polling event source.
type EventsService service
