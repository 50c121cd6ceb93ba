package xecmtest

import (
	"cmp"
	"slices"
)

// A client lists a folder page by page, and each page selects and sorts
// all of its children again. nameSortCache keeps the last sorts by name
// with everything their order depends on: the nodes given, in their
// order, and their lower-cased names (a node's id never changes). A sort
// of the same nodes with the same names takes the kept order after a
// comparison per node; anything else (a child added, removed, renamed,
// hidden by a permission) is sorted afresh. So the order is always the
// one sorting would give, whatever changed in between.
type nameSortCache struct {
	entries [4]*nameSort
	next    int // the entry to replace next
}

// nameSort is one kept sort by name.
type nameSort struct {
	dir   int
	in    []*node  // the nodes given, in the order given
	lower []string // their lower-cased names, in that order
	out   []*node  // in sorted order
}

// minCachedSort is the fewest nodes whose sort is kept: fewer sort faster
// than they are kept.
const minCachedSort = 64

// sort sorts nodes by their names ignoring case, ties by id, in direction
// dir (1 or -1). The caller holds s.mu (node.lowerName).
func (c *nameSortCache) sort(nodes []*node, dir int) {
	if len(nodes) >= minCachedSort {
		for _, e := range c.entries {
			if e != nil && e.sorts(nodes, dir) {
				copy(nodes, e.out)
				return
			}
		}
	}
	type named struct {
		lower string
		n     *node
	}
	keyed := make([]named, len(nodes))
	for i, n := range nodes {
		keyed[i] = named{n.lowerName(), n}
	}
	var e *nameSort
	if len(nodes) >= minCachedSort {
		e = &nameSort{dir: dir, in: slices.Clone(nodes), lower: make([]string, len(nodes))}
		for i, k := range keyed {
			e.lower[i] = k.lower
		}
	}
	slices.SortFunc(keyed, func(a, b named) int {
		return dir * cmp.Or(cmp.Compare(a.lower, b.lower), cmp.Compare(a.n.ID, b.n.ID))
	})
	for i, k := range keyed {
		nodes[i] = k.n
	}
	if e != nil {
		e.out = slices.Clone(nodes)
		c.entries[c.next%len(c.entries)] = e
		c.next++
	}
}

// sorts reports whether e is the sort of nodes in direction dir: the same
// nodes in the same order, with the same names.
func (e *nameSort) sorts(nodes []*node, dir int) bool {
	if e.dir != dir || len(e.in) != len(nodes) {
		return false
	}
	for i, n := range nodes {
		if e.in[i] != n || e.lower[i] != n.lowerName() {
			return false
		}
	}
	return true
}
