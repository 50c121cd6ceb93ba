package xecm

import (
	"context"
	"net/http"
	"strconv"
)

// A node's default access is three entries beside its assigned access: the
// owner's, the owner group's and public access (every user). Each can be
// read, given other permissions, and removed; the owner and owner group
// can be changed to another user or group, which also restores an entry
// that was removed.
//
// Giving an entry no permissions is not the same as removing it (the spec:
// "this is not the same as removing owner permissions"): the entry stays,
// empty, and Get still lists it.

// GetOwner returns the owner access entry of a node: the owner (MemberID)
// and the owner's permissions.
//
// It fails with an error matching ErrNotFound when the node does not
// exist or the caller cannot see it. The spec does not say what the
// server answers for an owner entry that was removed; use Get, whose
// Owner is nil then.
//
// OpenText API: GET api/v2/nodes/{id}/permissions/owner
func (s *PermissionsService) GetOwner(ctx context.Context, nodeID int64) (_ *PermissionEntry, err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.GetOwner")
	defer observed.end(&err)
	return s.getDefault(ctx, "Permissions.GetOwner", nodeID, AccessOwner)
}

// GetOwnerGroup returns the owner group access entry of a node: the owner
// group (MemberID) and its permissions. It fails like GetOwner.
//
// OpenText API: GET api/v2/nodes/{id}/permissions/group
func (s *PermissionsService) GetOwnerGroup(ctx context.Context, nodeID int64) (_ *PermissionEntry, err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.GetOwnerGroup")
	defer observed.end(&err)
	return s.getDefault(ctx, "Permissions.GetOwnerGroup", nodeID, AccessOwnerGroup)
}

// GetPublic returns the public access entry of a node: the permissions
// every user has (MemberID is 0). It fails like GetOwner.
//
// OpenText API: GET api/v2/nodes/{id}/permissions/public
func (s *PermissionsService) GetPublic(ctx context.Context, nodeID int64) (_ *PermissionEntry, err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.GetPublic")
	defer observed.end(&err)
	return s.getDefault(ctx, "Permissions.GetPublic", nodeID, AccessPublic)
}

func (s *PermissionsService) getDefault(ctx context.Context, op string, nodeID int64, kind string) (*PermissionEntry, error) {
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	e, err := s.getEntry(ctx, defaultAccessPath(nodeID, kind))
	if err != nil {
		return nil, err
	}
	if e.Kind == "" {
		e.Kind = kind
	}
	return e, nil
}

// UpdateOwner replaces the permissions of a node's owner, keeping the
// owner; it restores owner access that was removed, for the same owner.
// No permissions leave the entry in place, empty.
//
// It fails with ErrInvalidArgument for a bad ID, permission or option
// (ApplyTo other than ApplyToThisItem is for containers only), with
// ErrNotFound for a node the caller cannot see, and with ErrForbidden when
// the caller may not edit its permissions.
//
// OpenText API: PUT api/v2/nodes/{id}/permissions/owner
func (s *PermissionsService) UpdateOwner(ctx context.Context, nodeID int64, perms []Permission, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.UpdateOwner")
	defer observed.end(&err)
	return s.setDefault(ctx, "Permissions.UpdateOwner", nodeID, AccessOwner, 0, perms, opts)
}

// ChangeOwner makes a user the owner of a node, with the given
// permissions; it also restores owner access that was removed. It fails
// like UpdateOwner, and with the server's error when userID is not a user.
//
// OpenText API: PUT api/v2/nodes/{id}/permissions/owner (with right_id)
func (s *PermissionsService) ChangeOwner(ctx context.Context, nodeID, userID int64, perms []Permission, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.ChangeOwner")
	defer observed.end(&err)
	const op = "Permissions.ChangeOwner"
	if err := checkID(op, "user ID", userID); err != nil {
		return err
	}
	return s.setDefault(ctx, op, nodeID, AccessOwner, userID, perms, opts)
}

// UpdateOwnerGroup replaces the permissions of a node's owner group,
// keeping the group; it fails like UpdateOwner.
//
// OpenText API: PUT api/v2/nodes/{id}/permissions/group
func (s *PermissionsService) UpdateOwnerGroup(ctx context.Context, nodeID int64, perms []Permission, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.UpdateOwnerGroup")
	defer observed.end(&err)
	return s.setDefault(ctx, "Permissions.UpdateOwnerGroup", nodeID, AccessOwnerGroup, 0, perms, opts)
}

// ChangeOwnerGroup makes a group the owner group of a node, with the
// given permissions; it also restores owner group access that was
// removed. It fails like UpdateOwner, and with the server's error when
// groupID is not a group.
//
// OpenText API: PUT api/v2/nodes/{id}/permissions/group (with right_id)
func (s *PermissionsService) ChangeOwnerGroup(ctx context.Context, nodeID, groupID int64, perms []Permission, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.ChangeOwnerGroup")
	defer observed.end(&err)
	const op = "Permissions.ChangeOwnerGroup"
	if err := checkID(op, "group ID", groupID); err != nil {
		return err
	}
	return s.setDefault(ctx, op, nodeID, AccessOwnerGroup, groupID, perms, opts)
}

// UpdatePublic sets the permissions every user has on a node; it also
// restores public access that was removed. No permissions leave the entry
// in place, empty. It fails like UpdateOwner.
//
// OpenText API: PUT api/v2/nodes/{id}/permissions/public
func (s *PermissionsService) UpdatePublic(ctx context.Context, nodeID int64, perms []Permission, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.UpdatePublic")
	defer observed.end(&err)
	return s.setDefault(ctx, "Permissions.UpdatePublic", nodeID, AccessPublic, 0, perms, opts)
}

func (s *PermissionsService) setDefault(ctx context.Context, op string, nodeID int64, kind string, memberID int64, perms []Permission, opts *PermissionOptions) error {
	body, err := changeBody(op, nodeID, perms, opts)
	if err != nil {
		return err
	}
	if memberID != 0 {
		body["right_id"] = memberID
	}
	return s.send(ctx, http.MethodPut, defaultAccessPath(nodeID, kind), body)
}

// RemoveOwner removes the owner access entry of a node (and, with
// ApplyTo, of its sub-items): the owner no longer has permissions as the
// owner. ChangeOwner or UpdateOwner restores it.
//
// It fails with ErrInvalidArgument for a bad ID or option (removals take
// no IncludeSubTypes), with ErrNotFound for a node the caller cannot see,
// and with ErrForbidden when the caller may not edit its permissions.
//
// OpenText API: DELETE api/v2/nodes/{id}/permissions/owner
func (s *PermissionsService) RemoveOwner(ctx context.Context, nodeID int64, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.RemoveOwner")
	defer observed.end(&err)
	return s.removeDefault(ctx, "Permissions.RemoveOwner", nodeID, AccessOwner, opts)
}

// RemoveOwnerGroup removes the owner group access entry of a node; it
// works and fails like RemoveOwner.
//
// OpenText API: DELETE api/v2/nodes/{id}/permissions/group
func (s *PermissionsService) RemoveOwnerGroup(ctx context.Context, nodeID int64, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.RemoveOwnerGroup")
	defer observed.end(&err)
	return s.removeDefault(ctx, "Permissions.RemoveOwnerGroup", nodeID, AccessOwnerGroup, opts)
}

// RemovePublic removes the public access entry of a node, so that users
// without other access no longer see it; it works and fails like
// RemoveOwner.
//
// OpenText API: DELETE api/v2/nodes/{id}/permissions/public
func (s *PermissionsService) RemovePublic(ctx context.Context, nodeID int64, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.RemovePublic")
	defer observed.end(&err)
	return s.removeDefault(ctx, "Permissions.RemovePublic", nodeID, AccessPublic, opts)
}

func (s *PermissionsService) removeDefault(ctx context.Context, op string, nodeID int64, kind string, opts *PermissionOptions) error {
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	q, err := removalQuery(op, opts)
	if err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: defaultAccessPath(nodeID, kind), query: q}, nil)
}

// defaultAccessPath is the route of one default access entry; kind is
// AccessOwner, AccessOwnerGroup or AccessPublic, which are also the
// route's last segment.
func defaultAccessPath(nodeID int64, kind string) string {
	return "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/permissions/" + kind
}
