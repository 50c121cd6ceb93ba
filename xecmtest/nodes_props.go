package xecmtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Node properties are the bulk of every listing, and every node has the
// same base set of them (propsLocked), so they are not rendered as a map:
// nodeProps holds the base properties in an array in key order and the
// others (n.Props, what the props hooks add, the "_expand" members) in a
// short list kept sorted. Writing them is a merge of the two, with no map
// to build, hash or sort; the bytes are those json.Marshal writes for the
// same members as a map[string]any (jsonwrite.go, nodes_props_test.go).

// Indexes of the base properties in nodeProps.base, in the order of their
// keys (basePropKeys).
const (
	propAdvancedVersioning = iota
	propContainer
	propContainerSize
	propCreateDate
	propCreateUserID
	propDescription
	propDescriptionMultilingual
	propExternalCreateDate
	propExternalIdentity
	propExternalIdentityType
	propExternalModifyDate
	propExternalSource
	propFavorite
	propGUID
	propHidden
	propIcon
	propID
	propMimeType
	propModifyDate
	propModifyUserID
	propName
	propNameMultilingual
	propOwner
	propOwnerGroupID
	propOwnerUserID
	propParentID
	propPermissionsModel
	propReserved
	propReservedDate
	propReservedSharedCollaboration
	propReservedUserID
	propSize
	propSizeFormatted
	propStatus
	propType
	propTypeName
	propVersionable
	propVersionsControlAdvanced
	propVolumeID
	numBaseProps
)

// basePropKeys are the keys of the base properties, sorted.
var basePropKeys = [numBaseProps]string{
	propAdvancedVersioning:          "advanced_versioning",
	propContainer:                   "container",
	propContainerSize:               "container_size",
	propCreateDate:                  "create_date",
	propCreateUserID:                "create_user_id",
	propDescription:                 "description",
	propDescriptionMultilingual:     "description_multilingual",
	propExternalCreateDate:          "external_create_date",
	propExternalIdentity:            "external_identity",
	propExternalIdentityType:        "external_identity_type",
	propExternalModifyDate:          "external_modify_date",
	propExternalSource:              "external_source",
	propFavorite:                    "favorite",
	propGUID:                        "guid",
	propHidden:                      "hidden",
	propIcon:                        "icon",
	propID:                          "id",
	propMimeType:                    "mime_type",
	propModifyDate:                  "modify_date",
	propModifyUserID:                "modify_user_id",
	propName:                        "name",
	propNameMultilingual:            "name_multilingual",
	propOwner:                       "owner",
	propOwnerGroupID:                "owner_group_id",
	propOwnerUserID:                 "owner_user_id",
	propParentID:                    "parent_id",
	propPermissionsModel:            "permissions_model",
	propReserved:                    "reserved",
	propReservedDate:                "reserved_date",
	propReservedSharedCollaboration: "reserved_shared_collaboration",
	propReservedUserID:              "reserved_user_id",
	propSize:                        "size",
	propSizeFormatted:               "size_formatted",
	propStatus:                      "status",
	propType:                        "type",
	propTypeName:                    "type_name",
	propVersionable:                 "versionable",
	propVersionsControlAdvanced:     "versions_control_advanced",
	propVolumeID:                    "volume_id",
}

// basePropIndex maps a base property's key to its index.
var basePropIndex = func() map[string]int {
	m := make(map[string]int, numBaseProps)
	for i, k := range basePropKeys {
		m[k] = i
	}
	return m
}()

// basePropMembers are the base keys as written before their values
// (`"id":`); the keys need no escaping.
var basePropMembers = func() (out [numBaseProps]string) {
	for i, k := range basePropKeys {
		out[i] = string(appendJSONString(nil, k)) + ":"
	}
	return out
}()

// nodeProps is the rendered properties of one node, an object in JSON.
type nodeProps struct {
	// base holds the base members by index; a fromNode value stands for
	// the member made from node.
	base [numBaseProps]any
	more []jsonMember // members beyond the base ones, sorted by key
	node nodeFields
}

// dataResult is an element of a listing's results, {"data": Data}: a
// struct rather than a one-member map per node listed.
type dataResult struct {
	Data map[string]any `json:"data"`
}

// fromNode in nodeProps.base marks a base member whose value is made from
// nodeProps.node as it is written (or read): the numbers, strings and
// dates of every node rendered are then neither formatted into strings
// nor boxed. (Boxing a one-byte value allocates nothing.)
type fromNode uint8

// nodeFields are the fields of a node its base properties are made from,
// copied while s.mu is held.
type nodeFields struct {
	id, parentID, volumeID                        int64
	createUser, modifyUser, ownerUser, ownerGroup int64
	reservedUser                                  int64 // 0 when not reserved
	size                                          int64 // of a document
	typ, children                                 int
	name, description, mimeType                   string
	created, modified, reserved                   time.Time
	layout                                        string // of the dates
	container                                     bool
}

// value returns the base member i as propsLocked rendered it into a map:
// int64 ids, the child count as int for containers, dates as strings in
// f.layout or nil, a missing MIME type as nil.
func (f *nodeFields) value(i int) any {
	switch i {
	case propID:
		return f.id
	case propName:
		return f.name
	case propType:
		return f.typ
	case propParentID:
		return f.parentID
	case propVolumeID:
		return f.volumeID
	case propDescription:
		return f.description
	case propCreateDate, propModifyDate, propReservedDate:
		t := f.date(i)
		if t.IsZero() {
			return nil
		}
		return string(appendDate(nil, t, f.layout))
	case propCreateUserID:
		return f.createUser
	case propModifyUserID:
		return f.modifyUser
	case propOwnerUserID:
		return f.ownerUser
	case propOwnerGroupID:
		return f.ownerGroup
	case propReservedUserID:
		if f.reservedUser == 0 {
			return 0
		}
		return f.reservedUser
	case propContainerSize:
		return f.children
	case propSize:
		if f.container {
			return f.children
		}
		return f.size
	case propSizeFormatted:
		return f.sizeFormatted()
	case propMimeType:
		if f.mimeType == "" {
			return nil
		}
		return f.mimeType
	}
	panic(fmt.Sprintf("xecmtest: base property %s is not made from the node", basePropKeys[i]))
}

// appendValue appends the JSON of f.value(i), without boxing it.
func (f *nodeFields) appendValue(dst []byte, i int) []byte {
	switch i {
	case propID:
		return strconv.AppendInt(dst, f.id, 10)
	case propName:
		return appendJSONString(dst, f.name)
	case propType:
		return strconv.AppendInt(dst, int64(f.typ), 10)
	case propParentID:
		return strconv.AppendInt(dst, f.parentID, 10)
	case propVolumeID:
		return strconv.AppendInt(dst, f.volumeID, 10)
	case propDescription:
		return appendJSONString(dst, f.description)
	case propCreateDate, propModifyDate, propReservedDate:
		t := f.date(i)
		if t.IsZero() {
			return append(dst, "null"...)
		}
		return append(appendDate(append(dst, '"'), t, f.layout), '"') // digits, '-', 'T', ':', 'Z'
	case propCreateUserID:
		return strconv.AppendInt(dst, f.createUser, 10)
	case propModifyUserID:
		return strconv.AppendInt(dst, f.modifyUser, 10)
	case propOwnerUserID:
		return strconv.AppendInt(dst, f.ownerUser, 10)
	case propOwnerGroupID:
		return strconv.AppendInt(dst, f.ownerGroup, 10)
	case propReservedUserID:
		return strconv.AppendInt(dst, f.reservedUser, 10)
	case propContainerSize:
		return strconv.AppendInt(dst, int64(f.children), 10)
	case propSize:
		if f.container {
			return strconv.AppendInt(dst, int64(f.children), 10)
		}
		return strconv.AppendInt(dst, f.size, 10)
	case propSizeFormatted:
		return appendJSONString(dst, f.sizeFormatted())
	case propMimeType:
		if f.mimeType == "" {
			return append(dst, "null"...)
		}
		return appendJSONString(dst, f.mimeType)
	}
	panic(fmt.Sprintf("xecmtest: base property %s is not made from the node", basePropKeys[i]))
}

// date returns the time of the date member i.
func (f *nodeFields) date(i int) time.Time {
	switch i {
	case propCreateDate:
		return f.created
	case propModifyDate:
		return f.modified
	}
	return f.reserved
}

// sizeFormatted is the size_formatted property: "N Items" for a
// container, else the size in Bytes, KB or MB.
func (f *nodeFields) sizeFormatted() string {
	if f.container {
		return withUnit(int64(f.children), " Items")
	}
	return formatBytes(f.size)
}

// get returns the member key.
func (p *nodeProps) get(key string) (any, bool) {
	if i, ok := basePropIndex[key]; ok {
		return p.baseValue(i), true
	}
	if i, ok := p.find(key); ok {
		return p.more[i].val, true
	}
	return nil, false
}

// set adds the member key or replaces its value.
func (p *nodeProps) set(key string, v any) {
	if i, ok := basePropIndex[key]; ok {
		p.base[i] = v
		return
	}
	i, ok := p.find(key)
	if ok {
		p.more[i].val = v
		return
	}
	p.more = slices.Insert(p.more, i, jsonMember{key, v})
}

// baseValue returns the base member i.
func (p *nodeProps) baseValue(i int) any {
	if _, made := p.base[i].(fromNode); made {
		return p.node.value(i)
	}
	return p.base[i]
}

// find returns the index of key in p.more, or where it belongs.
func (p *nodeProps) find(key string) (int, bool) {
	return slices.BinarySearchFunc(p.more, key, func(m jsonMember, k string) int { return cmp.Compare(m.key, k) })
}

// toMap returns the members as a map.
func (p *nodeProps) toMap() map[string]any {
	m := make(map[string]any, numBaseProps+len(p.more))
	for i, k := range basePropKeys {
		m[k] = p.baseValue(i)
	}
	for _, kv := range p.more {
		m[kv.key] = kv.val
	}
	return m
}

// MarshalJSON writes p as json.Marshal writes p.toMap(), for any path
// that reaches it through encoding/json rather than writeJSON.
func (p *nodeProps) MarshalJSON() ([]byte, error) { return marshalJSON(p) }

var _ json.Marshaler = (*nodeProps)(nil)

// props appends p: the base members and p.more merged in key order.
func (e *jsonEncoder) props(p *nodeProps) error {
	if p == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	e.buf = append(e.buf, '{')
	more := p.more
	for i := range numBaseProps {
		for len(more) > 0 && more[0].key < basePropKeys[i] {
			if err := e.member(more[0].key, more[0].val); err != nil {
				return err
			}
			more = more[1:]
		}
		if e.buf[len(e.buf)-1] != '{' { // no value ends in '{'
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, basePropMembers[i]...)
		if _, made := p.base[i].(fromNode); made {
			e.buf = p.node.appendValue(e.buf, i)
		} else if err := e.value(p.base[i]); err != nil {
			return err
		}
	}
	for _, kv := range more {
		if err := e.member(kv.key, kv.val); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

// member appends `,"key":value` (without the comma right after the '{'
// that opens the object).
func (e *jsonEncoder) member(key string, v any) error {
	if e.buf[len(e.buf)-1] != '{' {
		e.buf = append(e.buf, ',')
	}
	e.buf = appendJSONString(e.buf, key)
	e.buf = append(e.buf, ':')
	return e.value(v)
}
