package xecmtest

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// propsLocked renders the properties of n (reference §4.2), timestamps
// in layout (layoutV2 for v2, layoutNoZone for v1). n.Props and then the
// props hooks add to and override the base properties.
func (s *Server) propsLocked(n *node, layout string) *nodeProps {
	owner := any(nil)
	if u := s.dir.users[n.OwnerUser]; u != nil {
		owner = u.displayName()
	}
	p := &nodeProps{node: nodeFields{
		id: n.ID, parentID: n.ParentID, volumeID: n.VolumeID, typ: n.Type,
		name: n.Name, description: n.Description, mimeType: n.MimeType,
		created: n.Created, modified: n.Modified, reserved: n.Reserved, layout: layout,
		createUser: n.CreateUser, modifyUser: n.ModifyUser, ownerUser: n.OwnerUser, ownerGroup: n.OwnerGroup,
		reservedUser: n.ReservedUser, size: n.Size, children: len(n.Children), container: n.container(),
	}}
	p.base = [numBaseProps]any{
		propID:                          fromNode(propID),
		propName:                        fromNode(propName),
		propType:                        fromNode(propType),
		propTypeName:                    rendered.typeName(n.Type),
		propParentID:                    fromNode(propParentID),
		propVolumeID:                    fromNode(propVolumeID),
		propDescription:                 fromNode(propDescription),
		propNameMultilingual:            orEmpty(n.NameML),
		propDescriptionMultilingual:     orEmpty(n.DescriptionML),
		propCreateDate:                  fromNode(propCreateDate),
		propCreateUserID:                fromNode(propCreateUserID),
		propModifyDate:                  fromNode(propModifyDate),
		propModifyUserID:                fromNode(propModifyUserID),
		propOwner:                       owner,
		propOwnerUserID:                 fromNode(propOwnerUserID),
		propOwnerGroupID:                fromNode(propOwnerGroupID),
		propReserved:                    n.ReservedUser != 0,
		propReservedUserID:              fromNode(propReservedUserID),
		propReservedDate:                fromNode(propReservedDate),
		propReservedSharedCollaboration: false,
		propContainer:                   n.container(),
		propContainerSize:               fromNode(propContainerSize),
		propSize:                        fromNode(propSize),
		propSizeFormatted:               fromNode(propSizeFormatted),
		propMimeType:                    fromNode(propMimeType),
		propHidden:                      false,
		propFavorite:                    false,
		propIcon:                        rendered.icon(n.Type),
		propVersionable:                 n.Type == TypeDocument,
		propAdvancedVersioning:          nil,
		propVersionsControlAdvanced:     false,
		propPermissionsModel:            "advanced",
		propStatus:                      nil,
		propExternalCreateDate:          nil,
		propExternalModifyDate:          nil,
		propExternalSource:              nil,
		propExternalIdentity:            nil,
		propExternalIdentityType:        nil,
		propGUID:                        nil,
	}
	for k, v := range n.Props {
		p.set(k, v)
	}
	s.runPropsHooksLocked(n, p)
	return p
}

// typeValues are the type_name and icon properties of a subtype, made
// and boxed once for the known subtypes (typeNames) as every rendered
// node carries them.
type typeValues map[int][2]any

var rendered = func() typeValues {
	tv := typeValues{}
	for t := range typeNames {
		tv[t] = [2]any{typeName(t), typeIcon(t)}
	}
	return tv
}()

func (tv typeValues) typeName(t int) any {
	if v, ok := tv[t]; ok {
		return v[0]
	}
	return typeName(t)
}

func (tv typeValues) icon(t int) any {
	if v, ok := tv[t]; ok {
		return v[1]
	}
	return typeIcon(t)
}

// typeIcon is the icon property of nodes of subtype t.
func typeIcon(t int) string {
	return "/img/webdoc/" + strings.ToLower(strings.ReplaceAll(typeName(t), " ", "")) + ".gif"
}

// runPropsHooksLocked lets the props hooks add to and override p. They
// write into a map of their own (kept for the next node), whose members
// then go into p.
func (s *Server) runPropsHooksLocked(n *node, p *nodeProps) {
	if len(s.nodes.hooks.props) == 0 {
		return
	}
	m := s.nodes.propsScratch
	s.nodes.propsScratch = nil // a hook rendering another node gets its own
	if m == nil {
		m = map[string]any{}
	}
	for _, h := range s.nodes.hooks.props {
		h(s, n, m)
	}
	for k, v := range m {
		p.set(k, v)
	}
	clear(m)
	s.nodes.propsScratch = m
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return withUnit((n+(1<<19))>>20, " MB")
	case n >= 1<<10:
		return withUnit((n+512)>>10, " KB")
	}
	return withUnit(n, " Bytes")
}

// withUnit is fmt.Sprintf("%d"+unit, n), for the size of every rendered
// node.
func withUnit(n int64, unit string) string {
	var b [32]byte
	return string(append(strconv.AppendInt(b[:0], n, 10), unit...))
}

// metadataToken is the edit-conflict token of n's current revision.
func metadataToken(n *node) string {
	sum := md5.Sum([]byte(fmt.Sprintf("%d:%d", n.ID, n.Rev)))
	return hex.EncodeToString(sum[:])
}

// fieldSpec is a parsed "fields" (or "expand") query: section name to the
// listed keys (nil = all keys). all is set when no fields were given.
type fieldSpec struct {
	all      bool
	sections map[string][]string
	// picks holds a section's list modifier: "element(N)" keeps the Nth
	// element, "limit(N)" the first N.
	picks map[string]listPick
}

// listPick is a parsed ".element(N)" or ".limit(N)" field modifier.
type listPick struct {
	element bool
	n       int
}

// apply cuts a rendered list section as the modifier asks.
func (p listPick) apply(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	switch {
	case p.element && p.n >= 0 && p.n < len(list):
		return []any{list[p.n]}
	case p.element:
		return []any{}
	case p.n >= 0 && p.n < len(list):
		return list[:p.n]
	}
	return list
}

// parseFieldSpec parses repeated values like "properties{id,name}",
// "versions.element(0)" or "categories", also comma-separated.
func parseFieldSpec(q url.Values, key string) fieldSpec {
	fs := fieldSpec{sections: map[string][]string{}, picks: map[string]listPick{}}
	vals := q[key]
	if len(vals) == 0 {
		fs.all = true
		return fs
	}
	for _, v := range vals {
		for _, item := range splitTopLevel(v) {
			name, keys, hasKeys := strings.Cut(item, "{")
			if !hasKeys {
				// "versions.element(0)", or "versions{file_name}.element(0)"
				// below, where the modifier follows the braces.
				keys = ""
			}
			name, mod, _ := strings.Cut(name, ".")
			if _, after, ok := strings.Cut(keys, "}."); ok {
				mod = after
			}
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if p, ok := parsePick(mod); ok {
				fs.picks[name] = p
			}
			if !hasKeys {
				fs.sections[name] = nil
				continue
			}
			var list []string
			keys, _, _ = strings.Cut(keys, "}")
			for _, k := range strings.Split(keys, ",") {
				if k = strings.TrimSpace(k); k != "" {
					list = append(list, k)
				}
			}
			fs.sections[name] = list
		}
	}
	return fs
}

// parsePick parses "element(N)" or "limit(N)".
func parsePick(mod string) (listPick, bool) {
	for _, kind := range []string{"element", "limit"} {
		if arg, ok := strings.CutPrefix(mod, kind+"("); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(arg, ")"))
			if err != nil || !strings.HasSuffix(arg, ")") {
				return listPick{}, false
			}
			return listPick{element: kind == "element", n: n}, true
		}
	}
	return listPick{}, false
}

// splitTopLevel splits on commas outside braces.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '{', '(':
			depth++
		case '}', ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// fieldSpecOf is parseFieldSpec(c.query, key), parsed once per request.
// The spec is shared: read it, never change it.
func (c *call) fieldSpecOf(key string) fieldSpec {
	if fs, ok := c.specs[key]; ok {
		return fs
	}
	fs := parseFieldSpec(c.query, key)
	if c.specs == nil {
		c.specs = map[string]fieldSpec{}
	}
	c.specs[key] = fs
	return fs
}

// wants reports whether the section is requested, and its key filter.
func (fs fieldSpec) wants(section string) (bool, []string) {
	if fs.all {
		return section == "properties", nil
	}
	keys, ok := fs.sections[section]
	return ok, keys
}

// userIDProps are the properties whose values are user ids ("expand" turns
// them into user records).
var userIDProps = []string{"create_user_id", "modify_user_id", "owner_user_id", "reserved_user_id"}

// nodeDataLocked renders results.data of a node honouring the request's
// fields and expand parameters: "properties" plus any hooked sections.
func (s *Server) nodeDataLocked(c *call, n *node) (map[string]any, error) {
	fs := c.fieldSpecOf("fields")
	data := map[string]any{}
	if ok, keys := fs.wants("properties"); ok {
		props := s.propsLocked(n, layoutV2)
		props.base[propFavorite] = s.isFavoriteLocked(c.userID(), n.ID)
		s.expandLocked(c, props)
		if keys == nil {
			data["properties"] = props
		} else {
			data["properties"] = filterMembers(props.get, keys)
		}
	}
	if fs.all {
		return data, nil // no fields: properties only
	}
	for name, fn := range s.nodes.hooks.sections {
		if ok, _ := fs.wants(name); ok {
			v, err := fn(s, c, n)
			if err != nil {
				return nil, err
			}
			if p, cut := fs.picks[name]; cut {
				v = p.apply(v)
			}
			data[name] = v
		}
	}
	return data, nil
}

// expandLocked adds "<key>_expand" members for expand=properties{...}.
func (s *Server) expandLocked(c *call, props *nodeProps) {
	ex := c.fieldSpecOf("expand")
	ok, keys := ex.wants("properties")
	if ex.all || !ok {
		return
	}
	if keys == nil {
		keys = append(append([]string(nil), userIDProps...), "parent_id")
	}
	for _, k := range keys {
		v, _ := props.get(k)
		id, isID := toInt64(v)
		if !isID {
			continue
		}
		if k == "parent_id" {
			if p := s.nodes.byID[id]; p != nil {
				props.set(k+"_expand", map[string]any{"id": p.ID, "name": p.Name, "type": p.Type, "type_name": typeName(p.Type), "volume_id": p.VolumeID})
			}
			continue
		}
		if u := s.dir.users[id]; u != nil {
			props.set(k+"_expand", u.userJSON())
		}
	}
}

// filterKeys returns the members of m named in keys (all of m when keys
// is nil), each with its "<key>_expand" member if it has one.
func filterKeys(m map[string]any, keys []string) map[string]any {
	if keys == nil {
		return m
	}
	return filterMembers(func(k string) (any, bool) { v, ok := m[k]; return v, ok }, keys)
}

// filterMembers returns the members get finds of those named in keys,
// each with its "<key>_expand" member if it has one.
func filterMembers(get func(string) (any, bool), keys []string) map[string]any {
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		if v, ok := get(k); ok {
			out[k] = v
		}
		if v, ok := get(k + "_expand"); ok {
			out[k+"_expand"] = v
		}
	}
	return out
}
