package xecm

import (
	"encoding/json"

	"github.com/xecm-go/xecm/internal/jsonread"
)

// The v2 node answers (browse pages, POST v2/nodes/list, GET v2/nodes/{id})
// are read straight from their bytes: a page of nodes is most of what the
// SDK decodes, and the general engine spends its time there tokenizing and
// hashing member names. The readers below decode exactly as
// envelope.Unmarshal does (FuzzNodeAnswersMatchEnvelope holds them to it);
// whatever they do not handle the same way, they decline, and the caller
// decodes with envelope.Unmarshal.

// read decodes a node's "properties" object into w. A member Node does
// not keep is skipped; one that needs a new case here shows up in
// TestNodeWireReadKnowsEveryMember.
func (w *nodeWire) read(r *jsonread.Reader) {
	if r.Null() || !r.Object() {
		return
	}
	for {
		name, ok := r.Member()
		if !ok {
			return
		}
		switch string(name) {
		case "id":
			readMethod(r, &w.ID)
		case "name":
			r.String(&w.Name)
		case "type":
			readMethod(r, &w.Type)
		case "type_name":
			r.String(&w.TypeName)
		case "parent_id":
			readMethod(r, &w.ParentID)
		case "volume_id":
			readMethod(r, &w.VolumeID)
		case "description":
			r.String(&w.Description)
		case "name_multilingual":
			readMethod(r, &w.NameMultilingual)
		case "description_multilingual":
			readMethod(r, &w.DescriptionMultilingual)
		case "create_date":
			readMethod(r, &w.CreateDate)
		case "create_user_id":
			readMethod(r, &w.CreateUserID)
		case "modify_date":
			readMethod(r, &w.ModifyDate)
		case "modify_user_id":
			readMethod(r, &w.ModifyUserID)
		case "owner_user_id":
			readMethod(r, &w.OwnerUserID)
		case "owner_group_id":
			readMethod(r, &w.OwnerGroupID)
		case "reserved":
			r.Bool(&w.Reserved)
		case "reserved_user_id":
			readMethod(r, &w.ReservedUserID)
		case "reserved_date":
			readMethod(r, &w.ReservedDate)
		case "container":
			r.Bool(&w.Container)
		case "container_size":
			readMethod(r, &w.ContainerSize)
		case "size":
			readMethod(r, &w.Size)
		case "mime_type":
			r.String(&w.MimeType)
		case "hidden":
			r.Bool(&w.Hidden)
		case "versionable":
			r.Bool(&w.Versionable)
		case "advanced_versioning":
			r.Bool(&w.AdvancedVersioning)
		case "external_create_date":
			readMethod(r, &w.ExternalCreateDate)
		case "external_modify_date":
			readMethod(r, &w.ExternalModifyDate)
		case "external_source":
			r.String(&w.ExternalSource)
		case "external_identity":
			r.String(&w.ExternalIdentity)
		case "external_identity_type":
			r.String(&w.ExternalIdentityType)
		case "guid":
			r.String(&w.GUID)
		case "url":
			r.String(&w.URL)
		case "original_id":
			readMethod(r, &w.OriginalID)
		default:
			r.Unknown(name)
		}
	}
}

// readMethod hands the next value to dst's UnmarshalJSON, as the engine
// does for every value, null included.
func readMethod(r *jsonread.Reader, dst json.Unmarshaler) {
	raw := r.Raw()
	if r.Failed() {
		return
	}
	if dst.UnmarshalJSON(raw) != nil {
		r.Fail()
	}
}

// read decodes one element of "results" into res. The array form that
// envelope.Single accepts is left to the general decoder.
func (res *nodeResult) read(r *jsonread.Reader) {
	if r.Null() || !r.Object() {
		return
	}
	for {
		name, ok := r.Member()
		if !ok {
			return
		}
		switch string(name) {
		case "data":
			res.Data.read(r)
		case "state":
			readMethod(r, &res.State)
		default:
			r.Unknown(name)
		}
	}
}

func (d *nodeData) read(r *jsonread.Reader) {
	if r.Null() || !r.Object() {
		return
	}
	for {
		name, ok := r.Member()
		if !ok {
			return
		}
		if string(name) == "properties" {
			d.Properties.read(r)
		} else {
			r.Unknown(name)
		}
	}
}

// readNodeResults decodes a "results" array into dst. Its object form,
// which envelope.OneOrMany accepts, is left to the general decoder.
func readNodeResults(r *jsonread.Reader, dst *[]nodeResult, sizeHint int) {
	if r.Null() {
		*dst = nil
		return
	}
	if !r.Array() {
		return
	}
	results := make([]nodeResult, 0, max(min(sizeHint, 1000), 0))
	for r.Element() {
		results = append(results, nodeResult{})
		results[len(results)-1].read(r)
	}
	*dst = results
}
