package portal

import (
	"context"

	"github.com/xecm-go/xecm"
)

// Invalidate forgets the cached metadata of the given nodes, of everything
// cached below them (a moved folder changes what its documents are), and
// every collection listing. Call it when content changes, so that a
// withdrawn document stops being served before the cache would expire;
// HandleEvent does it for an xecm.Event. A Handler not made by New (nil
// or the zero value) caches nothing, so there is nothing to forget.
func (h *Handler) Invalidate(nodeIDs ...int64) {
	if h == nil || h.cache == nil {
		return
	}
	for _, id := range nodeIDs {
		h.cache.invalidate(id)
	}
}

// InvalidateAll forgets all cached metadata.
func (h *Handler) InvalidateAll() {
	if h == nil || h.cache == nil {
		return
	}
	h.cache.clear()
}

// HandleEvent invalidates what an event concerns: its node and the node's
// parent. It is an xecm.EventFunc, so it can be given as it is to
// webhook.NewHandler or xecm.EventsService.Watch, or called from one. It
// does no I/O and always returns nil.
func (h *Handler) HandleEvent(_ context.Context, ev xecm.Event) error {
	ids := make([]int64, 0, 2)
	for _, id := range []int64{ev.Data.NodeID, ev.Data.ParentID} {
		if id > 0 {
			ids = append(ids, id)
		}
	}
	h.Invalidate(ids...)
	return nil
}
