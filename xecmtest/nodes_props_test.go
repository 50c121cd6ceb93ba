package xecmtest

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

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
	p := s.propsLocked(n, layoutV2)
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

// TestNodePropsOfEveryKindWriteLikeAMap holds the members made from the
// node's fields (written without boxing) to json.Marshal of the same
// values in a map, for nodes of every kind the fields can take: container
// or document, sizes in Bytes, KB and MB, with and without MIME type,
// reserved or not, zero dates, names needing escapes, in both layouts.
func TestNodePropsOfEveryKindWriteLikeAMap(t *testing.T) {
	s := newServer(t)
	s.mu.Lock()
	defer s.mu.Unlock()
	when := time.Date(2025, 1, 19, 6, 57, 4, 0, time.UTC)
	nodes := []*node{
		s.nodes.byID[EnterpriseWorkspaceID],
		{ID: 100001, ParentID: 2000, VolumeID: -2000, Type: TypeFolder, Name: "F <&> \u2028 \xff", Children: []int64{1, 2, 3},
			Created: when, Modified: when, OwnerUser: adminUserID, OwnerGroup: defaultGroupID},
		{ID: 100002, ParentID: 100001, VolumeID: -2000, Type: TypeDocument, Name: "doc.pdf", Description: "tab\there \"q\"",
			Size: 5<<20 + 3, MimeType: "application/pdf", Created: when, Modified: when.Add(time.Hour),
			CreateUser: 1000, ModifyUser: 1001, OwnerUser: 4242, ReservedUser: 1000, Reserved: when.Add(-time.Minute)},
		{ID: math.MaxInt64, ParentID: -1, VolumeID: math.MinInt64, Type: TypeBusinessWorkspace, Size: 1536},
		{ID: 7, Type: 20541, Size: 12, NameML: map[string]string{"en": "x", "de": "y"}},
	}
	for _, n := range nodes {
		for _, layout := range []string{layoutV2, layoutNoZone} {
			p := s.propsLocked(n, layout)
			want, err := json.Marshal(p.toMap())
			require.NoError(t, err)
			got, err := marshalJSON(p)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got), "node %d, layout %s", n.ID, layout)
			for i := range numBaseProps {
				if _, made := p.base[i].(fromNode); made {
					one, err := json.Marshal(p.node.value(i))
					require.NoError(t, err)
					assert.Equal(t, string(one), string(p.node.appendValue(nil, i)), basePropKeys[i])
				}
			}
		}
	}
	p := s.propsLocked(nodes[2], layoutV2)
	for key, want := range map[string]any{
		"id": int64(100002), "type": TypeDocument, "size": int64(5<<20 + 3), "size_formatted": "5 MB",
		"reserved_user_id": int64(1000), "reserved_date": "2025-01-19T06:56:04Z", "mime_type": "application/pdf",
		"container_size": 0, "description": "tab\there \"q\"",
	} {
		got, ok := p.get(key)
		assert.True(t, ok, key)
		assert.Equal(t, want, got, key)
	}
	p = s.propsLocked(nodes[1], layoutNoZone)
	for key, want := range map[string]any{
		"size": 3, "size_formatted": "3 Items", "reserved_user_id": 0, "reserved_date": nil, "mime_type": nil,
		"create_date": "2025-01-19T06:57:04",
	} {
		got, _ := p.get(key)
		assert.Equal(t, want, got, key)
	}
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
			parent := s.propsLocked(s.nodes.byID[n.ParentID], layoutV2)
			depth--
			p["parent_name"], _ = parent.get("name")
			mine, _ := parent.get("mine")
			p["parent_mine"] = mine
		}
	})
	s.propsLocked(s.nodes.byID[folder], layoutV2) // the map is kept after the first
	p := s.propsLocked(s.nodes.byID[folder], layoutV2)
	m := p.toMap()
	assert.Equal(t, folder, m["mine"])
	assert.Equal(t, "Enterprise Workspace", m["parent_name"])
	assert.Equal(t, EnterpriseWorkspaceID, m["parent_mine"])
}

// FuzzNodePropsWriteLikeAMap holds the members made from a node's fields
// to json.Marshal of the same values in a map, for any fields.
func FuzzNodePropsWriteLikeAMap(f *testing.F) {
	s := New()
	f.Cleanup(s.Close)
	s.mu.Lock()
	template := s.propsLocked(s.nodes.byID[EnterpriseWorkspaceID], layoutV2) // the members made from fields
	s.mu.Unlock()
	f.Add("Invoice <1>.pdf", "", int64(100001), int64(1536), 144, false, "application/pdf", int64(1737269824), int64(0), true)
	f.Add("\xff\u2028", "\"q\"\n", int64(-1), int64(-5), 0, true, "", int64(-62135596800), int64(253402300800), false)
	f.Fuzz(func(t *testing.T, name, desc string, id, size int64, typ int, container bool, mime string, created, reserved int64, v2 bool) {
		layout := layoutNoZone
		if v2 {
			layout = layoutV2
		}
		p := &nodeProps{base: template.base, node: nodeFields{
			id: id, parentID: -id, volumeID: size, typ: typ, name: name, description: desc, mimeType: mime,
			created: time.Unix(created, 0), modified: time.Unix(reserved, 0).UTC(), layout: layout,
			createUser: id, modifyUser: size, ownerUser: id ^ size, ownerGroup: 2001, reservedUser: reserved,
			size: size, children: int(size & 0xffff), container: container,
		}}
		want, wantErr := json.Marshal(p.toMap())
		got, err := marshalJSON(p)
		require.Equal(t, wantErr == nil, err == nil, "errors %v and %v", wantErr, err)
		assert.Equal(t, string(want), string(got))
	})
}
