package xecmtest

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// propsLocked renders the properties of n (reference §4.2); date formats
// timestamps (dateV2 for v2, dateNoZone for v1).
func (s *Server) propsLocked(n *node, date func(time.Time) any) map[string]any {
	size, sizeFormatted := any(n.Size), any(formatBytes(n.Size))
	mime := any(nil)
	if n.container() {
		size, sizeFormatted = len(n.Children), fmt.Sprintf("%d Items", len(n.Children))
	}
	if n.MimeType != "" {
		mime = n.MimeType
	}
	owner := any(nil)
	if u := s.dir.users[n.OwnerUser]; u != nil {
		owner = u.displayName()
	}
	reservedUser := any(0)
	if n.ReservedUser != 0 {
		reservedUser = n.ReservedUser
	}
	p := map[string]any{
		"id":                            n.ID,
		"name":                          n.Name,
		"type":                          n.Type,
		"type_name":                     typeName(n.Type),
		"parent_id":                     n.ParentID,
		"volume_id":                     n.VolumeID,
		"description":                   n.Description,
		"name_multilingual":             orEmpty(n.NameML),
		"description_multilingual":      orEmpty(n.DescriptionML),
		"create_date":                   date(n.Created),
		"create_user_id":                n.CreateUser,
		"modify_date":                   date(n.Modified),
		"modify_user_id":                n.ModifyUser,
		"owner":                         owner,
		"owner_user_id":                 n.OwnerUser,
		"owner_group_id":                n.OwnerGroup,
		"reserved":                      n.ReservedUser != 0,
		"reserved_user_id":              reservedUser,
		"reserved_date":                 date(n.Reserved),
		"reserved_shared_collaboration": false,
		"container":                     n.container(),
		"container_size":                len(n.Children),
		"size":                          size,
		"size_formatted":                sizeFormatted,
		"mime_type":                     mime,
		"hidden":                        false,
		"favorite":                      false,
		"icon":                          "/img/webdoc/" + strings.ToLower(strings.ReplaceAll(typeName(n.Type), " ", "")) + ".gif",
		"versionable":                   n.Type == TypeDocument,
		"advanced_versioning":           nil,
		"versions_control_advanced":     false,
		"permissions_model":             "advanced",
		"status":                        nil,
		"external_create_date":          nil,
		"external_modify_date":          nil,
		"external_source":               nil,
		"external_identity":             nil,
		"external_identity_type":        nil,
		"guid":                          nil,
	}
	for k, v := range n.Props {
		p[k] = v
	}
	for _, h := range s.nodes.hooks.props {
		h(s, n, p)
	}
	return p
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
		return fmt.Sprintf("%d MB", (n+(1<<19))>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d Bytes", n)
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
	fs := parseFieldSpec(c.query, "fields")
	data := map[string]any{}
	if ok, keys := fs.wants("properties"); ok {
		props := s.propsLocked(n, dateV2)
		props["favorite"] = s.isFavoriteLocked(c.userID(), n.ID)
		s.expandLocked(c, props)
		data["properties"] = filterKeys(props, keys)
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
func (s *Server) expandLocked(c *call, props map[string]any) {
	ex := parseFieldSpec(c.query, "expand")
	ok, keys := ex.wants("properties")
	if ex.all || !ok {
		return
	}
	if keys == nil {
		keys = append(append([]string(nil), userIDProps...), "parent_id")
	}
	for _, k := range keys {
		id, isID := toInt64(props[k])
		if !isID {
			continue
		}
		if k == "parent_id" {
			if p := s.nodes.byID[id]; p != nil {
				props[k+"_expand"] = map[string]any{"id": p.ID, "name": p.Name, "type": p.Type, "type_name": typeName(p.Type), "volume_id": p.VolumeID}
			}
			continue
		}
		if u := s.dir.users[id]; u != nil {
			props[k+"_expand"] = u.userJSON()
		}
	}
}

func filterKeys(m map[string]any, keys []string) map[string]any {
	if keys == nil {
		return m
	}
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
		if v, ok := m[k+"_expand"]; ok {
			out[k+"_expand"] = v
		}
	}
	return out
}
