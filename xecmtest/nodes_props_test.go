package xecmtest

import (
	"cmp"
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBasePropKeysSortedAndUnique(t *testing.T) {
	keys := basePropKeys[:]
	assert.True(t, slices.IsSorted(keys), "basePropKeys must be in key order")
	assert.Len(t, slices.Compact(slices.Clone(keys)), numBaseProps, "basePropKeys must be unique")
	for i, k := range keys {
		assert.NotEmpty(t, k, "index %d has no key", i)
	}
}

// TestNodePropsWriteLikeAMap holds the JSON of nodeProps to what
// json.Marshal writes for the same members as a map, with members added
// before, between and after the base keys, overridden base members and
// keys that need escaping.
func TestNodePropsWriteLikeAMap(t *testing.T) {
	s := newServer(t)
	s.mu.Lock()
	n := s.nodes.byID[EnterpriseWorkspaceID]
	p := s.propsLocked(n, dateV2)
	s.mu.Unlock()

	want := func() string {
		b, err := json.Marshal(p.toMap())
		require.NoError(t, err)
		return string(b)
	}
	assertSame := func() {
		t.Helper()
		got, err := marshalJSON(p)
		require.NoError(t, err)
		assert.Equal(t, want(), string(got))
		got, err = json.Marshal(map[string]any{"properties": p})
		require.NoError(t, err)
		assert.Equal(t, `{"properties":`+want()+`}`, string(got), "through encoding/json")
	}
	assertSame()

	for _, kv := range []jsonMember{
		{"", "empty key"}, {"a", 1}, {"zz_last", []any{"<x>"}}, {"id_expand", map[string]any{"id": 1}},
		{"name", "over & ridden"}, {"type_name_x", nil}, {"\u2028", true}, {"owner_user_id_expand", map[string]any{}},
		{"a", "replaced"}, {"volume_id", -7}, {"wksp_type_id", 3},
	} {
		p.set(kv.key, kv.val)
		assertSame()
		v, ok := p.get(kv.key)
		assert.True(t, ok)
		assert.Equal(t, kv.val, v)
	}
	_, ok := p.get("absent")
	assert.False(t, ok)
	assert.True(t, slices.IsSortedFunc(p.more, func(a, b jsonMember) int { return cmp.Compare(a.key, b.key) }))

	var nilProps *nodeProps
	got, err := marshalJSON(map[string]any{"p": nilProps})
	require.NoError(t, err)
	assert.JSONEq(t, `{"p":null}`, string(got))
}

// TestPropsHooksRenderingAnotherNode lets a props hook render another
// node's properties (as one could for a parent's name): each rendering
// gets its own map, and both come out whole.
func TestPropsHooksRenderingAnotherNode(t *testing.T) {
	s := newServer(t)
	folder := s.AddFolder(EnterpriseWorkspaceID, "Outer")
	s.mu.Lock()
	defer s.mu.Unlock()
	depth := 0
	s.nodes.hooks.props = append(s.nodes.hooks.props, func(s *Server, n *node, p map[string]any) {
		p["mine"] = n.ID
		if depth == 0 && n.ID == folder {
			depth++
			parent := s.propsLocked(s.nodes.byID[n.ParentID], dateV2)
			depth--
			p["parent_name"], _ = parent.get("name")
			mine, _ := parent.get("mine")
			p["parent_mine"] = mine
		}
	})
	s.propsLocked(s.nodes.byID[folder], dateV2) // the map is kept after the first
	p := s.propsLocked(s.nodes.byID[folder], dateV2)
	m := p.toMap()
	assert.Equal(t, folder, m["mine"])
	assert.Equal(t, "Enterprise Workspace", m["parent_name"])
	assert.Equal(t, EnterpriseWorkspaceID, m["parent_mine"])
}
