package xecm

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// PermissionsService works with permissions on nodes.
type PermissionsService service

// Permission is one permission of a member on a node.
type Permission string

// The permissions Content Server knows, weakest first.
const (
	PermSee             Permission = "see"
	PermSeeContents     Permission = "see_contents"
	PermModify          Permission = "modify"
	PermEditAttributes  Permission = "edit_attributes"
	PermAddItems        Permission = "add_items"
	PermReserve         Permission = "reserve"
	PermAddMajorVersion Permission = "add_major_version"
	PermDeleteVersions  Permission = "delete_versions"
	PermDelete          Permission = "delete"
	PermEditPermissions Permission = "edit_permissions"
)

// allPermissions is every permission in the server's order; decoding
// follows it.
var allPermissions = []Permission{PermSee, PermSeeContents, PermModify, PermEditAttributes, PermAddItems,
	PermReserve, PermAddMajorVersion, PermDeleteVersions, PermDelete, PermEditPermissions}

// AllPermissions returns every permission, for full control, in the
// server's order. The slice is the caller's own.
func AllPermissions() []Permission { return slices.Clone(allPermissions) }

// ReadPermissions returns the permissions to find and read items. The
// slice is the caller's own.
func ReadPermissions() []Permission { return []Permission{PermSee, PermSeeContents} }

// permissionBits maps permissions to the bits of the server's "perms"
// integer (as on workspace roles).
var permissionBits = map[Permission]int64{
	PermSee: 130, PermSeeContents: 36865, PermModify: 65536, PermEditAttributes: 131072, PermAddItems: 4,
	PermReserve: 8192, PermAddMajorVersion: 4194304, PermDeleteVersions: 16384, PermDelete: 8, PermEditPermissions: 16,
}

// permissionsFromBits decodes a "perms" bitmask.
func permissionsFromBits(mask int64) []Permission {
	var out []Permission
	for _, p := range allPermissions {
		if b := permissionBits[p]; b != 0 && mask&b == b {
			out = append(out, p)
		}
	}
	return out
}

func checkPermissions(op string, perms []Permission) error {
	for _, p := range perms {
		if _, ok := permissionBits[p]; !ok {
			return invalidArg(op, "permissions: unknown permission %q", p)
		}
	}
	return nil
}

// ApplyTo says which items a permission change reaches.
type ApplyTo int

// The reaches of a permission change. Only ApplyToThisItem is allowed on
// items that are not containers.
const (
	ApplyToThisItem            ApplyTo = 0
	ApplyToSubItems            ApplyTo = 1
	ApplyToThisItemAndSubItems ApplyTo = 2
	ApplyToThisItemAndChildren ApplyTo = 3 // the item and its immediate sub-items
	maxApplyTo                         = ApplyToThisItemAndChildren
)

func (a ApplyTo) check(op string) error {
	if a < 0 || a > maxApplyTo {
		return invalidArg(op, "apply_to: %d is not one of 0 (this item), 1 (sub-items), 2 (both), 3 (item and immediate sub-items)", int(a))
	}
	return nil
}

// PermissionOptions holds the optional reach of a permission change.
type PermissionOptions struct {
	// ApplyTo: this item only (the default), its sub-items, or both.
	ApplyTo ApplyTo
	// IncludeSubTypes names special subtypes to include, such as 204 or 207,
	// when ApplyTo reaches sub-items. Removals do not take it.
	IncludeSubTypes []int
}

// Access kinds of permission entries.
const (
	AccessOwner      = "owner"
	AccessOwnerGroup = "group"
	AccessPublic     = "public"
	AccessAssigned   = "custom"
)

// PermissionEntry is one entry of a node's access control list.
type PermissionEntry struct {
	// Kind is AccessOwner, AccessOwnerGroup, AccessPublic or AccessAssigned.
	Kind string
	// MemberID is the user or group (0 for public access, and for an owner
	// or owner group that was removed).
	MemberID    int64
	Permissions []Permission
}

// Has reports whether the entry grants p.
func (e *PermissionEntry) Has(p Permission) bool {
	for _, q := range e.Permissions {
		if q == p {
			return true
		}
	}
	return false
}

// UnmarshalJSON reads the wire form of a permission entry.
func (e *PermissionEntry) UnmarshalJSON(b []byte) error {
	var w struct {
		Permissions []Permission `json:"permissions"`
		RightID     flexInt64    `json:"right_id"`
		Type        string       `json:"type"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = PermissionEntry{Kind: w.Type, MemberID: int64(w.RightID), Permissions: w.Permissions}
	return nil
}

// NodePermissions is the access control list of a node.
type NodePermissions struct {
	Owner      *PermissionEntry // nil when the node has no owner access
	OwnerGroup *PermissionEntry // nil when the node has no owner group access
	Public     *PermissionEntry // nil when the node has no public access
	Assigned   []PermissionEntry
}

// Assignee returns the assigned access entry of a member, if any.
func (p *NodePermissions) Assignee(memberID int64) (PermissionEntry, bool) {
	for _, e := range p.Assigned {
		if e.MemberID == memberID {
			return e, true
		}
	}
	return PermissionEntry{}, false
}

// permissionsResult is one element of the "results" of permission calls.
type permissionsResult struct {
	envelope.Single
	Data struct {
		Permissions envelope.OneOrMany[PermissionEntry] `json:"permissions"`
	} `json:"data"`
}

// Get returns the owner, owner group, public and assigned access of a node.
//
// OpenText API: GET api/v2/nodes/{id}/permissions
func (s *PermissionsService) Get(ctx context.Context, nodeID int64) (_ *NodePermissions, err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.Get")
	defer observed.end(&err)
	if err := checkID("Permissions.Get", "node ID", nodeID); err != nil {
		return nil, err
	}
	var env struct {
		Results envelope.OneOrMany[permissionsResult] `json:"results"`
	}
	path := "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/permissions"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	out := &NodePermissions{}
	for _, r := range env.Results {
		for _, e := range r.Data.Permissions {
			switch e.Kind {
			case AccessOwner:
				out.Owner = &e
			case AccessOwnerGroup:
				out.OwnerGroup = &e
			case AccessPublic:
				out.Public = &e
			default:
				out.Assigned = append(out.Assigned, e)
			}
		}
	}
	return out, nil
}

// GetAssigned returns the assigned access of one member on a node.
//
// It fails with an error matching ErrNotFound when the member has none.
//
// OpenText API: GET api/v2/nodes/{id}/permissions/custom/{right_id}
func (s *PermissionsService) GetAssigned(ctx context.Context, nodeID, memberID int64) (_ *PermissionEntry, err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.GetAssigned")
	defer observed.end(&err)
	return s.getOne(ctx, "Permissions.GetAssigned", nodeID, memberID, "custom/")
}

// Effective returns the permissions a member actually has on a node,
// from every source (ownership, groups, public and assigned access).
//
// OpenText API: GET api/v2/nodes/{id}/permissions/effective/{right_id}
func (s *PermissionsService) Effective(ctx context.Context, nodeID, memberID int64) (_ []Permission, err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.Effective")
	defer observed.end(&err)
	e, err := s.getOne(ctx, "Permissions.Effective", nodeID, memberID, "effective/")
	if err != nil {
		return nil, err
	}
	return e.Permissions, nil
}

func (s *PermissionsService) getOne(ctx context.Context, op string, nodeID, memberID int64, sub string) (*PermissionEntry, error) {
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if err := checkID(op, "member ID", memberID); err != nil {
		return nil, err
	}
	path := "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/permissions/" + sub + strconv.FormatInt(memberID, 10)
	e, err := s.getEntry(ctx, path)
	if err != nil {
		return nil, err
	}
	if e.MemberID == 0 {
		e.MemberID = memberID
	}
	return e, nil
}

// getEntry reads the one permission entry a GET of path answers.
func (s *PermissionsService) getEntry(ctx context.Context, path string) (*PermissionEntry, error) {
	var env struct {
		Results envelope.OneOrMany[permissionsResult] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	entries := env.Results.First().Data.Permissions
	if len(entries) == 0 {
		// Not "no permissions" (that is an entry with an empty list).
		return nil, malformed(http.MethodGet, path, "no permission entry in the response")
	}
	return &entries[0], nil
}

// AddAssigned gives a member (user or group) assigned access to a node.
//
// OpenText API: POST api/v2/nodes/{id}/permissions/custom
func (s *PermissionsService) AddAssigned(ctx context.Context, nodeID, memberID int64, perms []Permission, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.AddAssigned")
	defer observed.end(&err)
	const op = "Permissions.AddAssigned"
	body, err := permissionBody(op, nodeID, memberID, perms, opts)
	if err != nil {
		return err
	}
	body["right_id"] = memberID
	return s.send(ctx, http.MethodPost, "v2/nodes/"+strconv.FormatInt(nodeID, 10)+"/permissions/custom", body)
}

// UpdateAssigned replaces the permissions of a member's assigned access.
//
// OpenText API: PUT api/v2/nodes/{id}/permissions/custom/{right_id}
func (s *PermissionsService) UpdateAssigned(ctx context.Context, nodeID, memberID int64, perms []Permission, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.UpdateAssigned")
	defer observed.end(&err)
	const op = "Permissions.UpdateAssigned"
	body, err := permissionBody(op, nodeID, memberID, perms, opts)
	if err != nil {
		return err
	}
	path := "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/permissions/custom/" + strconv.FormatInt(memberID, 10)
	return s.send(ctx, http.MethodPut, path, body)
}

// RemoveAssigned removes a member's assigned access from a node (and,
// with ApplyTo, from its sub-items).
//
// OpenText API: DELETE api/v2/nodes/{id}/permissions/custom/{right_id}
func (s *PermissionsService) RemoveAssigned(ctx context.Context, nodeID, memberID int64, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.RemoveAssigned")
	defer observed.end(&err)
	const op = "Permissions.RemoveAssigned"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID(op, "member ID", memberID); err != nil {
		return err
	}
	q, err := removalQuery(op, opts)
	if err != nil {
		return err
	}
	path := "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/permissions/custom/" + strconv.FormatInt(memberID, 10)
	return s.c.do(ctx, &request{method: http.MethodDelete, path: path, query: q}, nil)
}

// removalQuery is the query of a permission removal: apply_to alone.
func removalQuery(op string, opts *PermissionOptions) (url.Values, error) {
	q := url.Values{}
	if opts == nil {
		return q, nil
	}
	if err := opts.ApplyTo.check(op); err != nil {
		return nil, err
	}
	if len(opts.IncludeSubTypes) > 0 {
		// The routes take apply_to alone: dropping them would remove
		// less than asked.
		return nil, invalidArg(op, "IncludeSubTypes cannot be given to a removal")
	}
	if opts.ApplyTo != ApplyToThisItem {
		q.Set("apply_to", strconv.Itoa(int(opts.ApplyTo)))
	}
	return q, nil
}

func permissionBody(op string, nodeID, memberID int64, perms []Permission, opts *PermissionOptions) (map[string]any, error) {
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if err := checkID(op, "member ID", memberID); err != nil {
		return nil, err
	}
	return changeBody(op, nodeID, perms, opts)
}

// changeBody is the body of a permission write: permissions, and apply_to
// and include_sub_types from opts.
func changeBody(op string, nodeID int64, perms []Permission, opts *PermissionOptions) (map[string]any, error) {
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if err := checkPermissions(op, perms); err != nil {
		return nil, err
	}
	if perms == nil {
		perms = []Permission{} // an explicit empty list, not null
	}
	body := map[string]any{"permissions": perms}
	if opts != nil {
		if err := opts.ApplyTo.check(op); err != nil {
			return nil, err
		}
		body["apply_to"] = int(opts.ApplyTo)
		if len(opts.IncludeSubTypes) > 0 && opts.ApplyTo == ApplyToThisItem {
			return nil, invalidArg(op, "IncludeSubTypes needs an ApplyTo that reaches sub-items")
		}
		if len(opts.IncludeSubTypes) > 0 {
			body["include_sub_types"] = opts.IncludeSubTypes
		}
	}
	return body, nil
}

func (s *PermissionsService) send(ctx context.Context, method, path string, body map[string]any) error {
	form, err := jsonBodyForm(body)
	if err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: method, path: path, form: form}, nil)
}
