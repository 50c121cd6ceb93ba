package xecm

import "sync"

// maxCachedDefinitions bounds the category definitions a client keeps.
const maxCachedDefinitions = 256

// definitionCache keeps the category definitions a client has read, so
// values set by name resolve without a request each time. The zero value
// is ready; it is safe for concurrent use. Once full, the oldest entry
// makes room.
type definitionCache struct {
	mu    sync.Mutex
	byID  map[int64]*CategoryDefinition
	order []int64 // insertion order, oldest first
}

func (c *definitionCache) get(id int64) *CategoryDefinition {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byID[id]
}

func (c *definitionCache) put(d *CategoryDefinition) {
	if d == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = map[int64]*CategoryDefinition{}
	}
	if _, ok := c.byID[d.ID]; !ok {
		c.order = append(c.order, d.ID)
	}
	c.byID[d.ID] = d
	for len(c.order) > maxCachedDefinitions {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *definitionCache) forget(ids ...int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(ids) == 0 {
		c.byID, c.order = nil, nil
		return
	}
	for _, id := range ids {
		delete(c.byID, id)
	}
	kept := c.order[:0]
	for _, id := range c.order {
		if _, ok := c.byID[id]; ok {
			kept = append(kept, id)
		}
	}
	c.order = kept
}

// clone returns a deep copy, so callers cannot change the cached one.
func (d *CategoryDefinition) clone() *CategoryDefinition {
	if d == nil {
		return nil
	}
	cp := *d
	cp.Attributes = cloneAttrs(d.Attributes)
	return &cp
}

func cloneAttrs(attrs []AttributeDefinition) []AttributeDefinition {
	if attrs == nil {
		return nil
	}
	out := make([]AttributeDefinition, len(attrs))
	for i, a := range attrs {
		a.ValidValues = append([]string(nil), a.ValidValues...)
		a.Attributes = cloneAttrs(a.Attributes)
		out[i] = a
	}
	return out
}
