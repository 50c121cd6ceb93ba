package xecm

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
)

// WorkspaceRole is a role of a business workspace (such as "Sales
// Representative"): its members get the role's permissions on the workspace.
type WorkspaceRole struct {
	ID          int64
	Name        string
	Description string
	Leader      bool
	// InheritedFromID is the workspace the role is inherited from (0: its own).
	InheritedFromID int64
	Permissions     []Permission
	// Members are the users and groups in the role. Only GetRole fills
	// it; Roles and Role leave it nil.
	Members []*Member
}

// UnmarshalJSON reads the wire form of a role's properties.
func (r *WorkspaceRole) UnmarshalJSON(b []byte) error {
	var w struct {
		ID          flexInt64    `json:"id"`
		Name        string       `json:"name"`
		Description string       `json:"description"`
		Leader      bool         `json:"leader"`
		Inherited   flexInt64    `json:"inherited_from_id"`
		Perms       flexInt64    `json:"perms"`
		Permissions []Permission `json:"permissions"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = WorkspaceRole{ID: int64(w.ID), Name: w.Name, Description: w.Description, Leader: w.Leader,
		InheritedFromID: int64(w.Inherited), Permissions: w.Permissions}
	if r.Permissions == nil {
		r.Permissions = permissionsFromBits(int64(w.Perms))
	}
	return nil
}

type roleResult struct {
	envelope.Single
	Data struct {
		Properties WorkspaceRole `json:"properties"`
	} `json:"data"`
}

func rolesPath(workspaceID int64) string {
	return "v2/businessworkspaces/" + strconv.FormatInt(workspaceID, 10) + "/roles"
}

// Roles lists the roles of a workspace.
//
// OpenText API: GET api/v2/businessworkspaces/{id}/roles
func (s *WorkspacesService) Roles(ctx context.Context, workspaceID int64) (_ []*WorkspaceRole, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Roles")
	defer observed.end(&err)
	if err := checkID("Workspaces.Roles", "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	var env struct {
		Results envelope.OneOrMany[roleResult] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: rolesPath(workspaceID)}, &env); err != nil {
		return nil, err
	}
	out := make([]*WorkspaceRole, 0, len(env.Results))
	for i := range env.Results {
		out = append(out, &env.Results[i].Data.Properties)
	}
	return out, nil
}

// Role returns the workspace's role of the given name.
//
// It fails with an error matching ErrNotFound when there is none.
func (s *WorkspacesService) Role(ctx context.Context, workspaceID int64, name string) (_ *WorkspaceRole, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Role")
	defer observed.end(&err)
	if strings.TrimSpace(name) == "" {
		return nil, invalidArg("Workspaces.Role", "role name is required")
	}
	roles, err := s.Roles(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	for _, r := range roles {
		if strings.EqualFold(r.Name, name) {
			return r, nil
		}
	}
	return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/" + rolesPath(workspaceID),
		Message: "workspace " + strconv.FormatInt(workspaceID, 10) + " has no role named " + strconv.Quote(name)}
}

// GetRole returns one role of a workspace with the users and groups in it
// (Members), read in one call.
//
// It fails with an error matching ErrNotFound when the workspace or the
// role does not exist, or the role is another workspace's.
//
// OpenText API: GET api/v2/businessworkspaces/{id}/roles/{role_id}?fields=members
func (s *WorkspacesService) GetRole(ctx context.Context, workspaceID, roleID int64) (_ *WorkspaceRole, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.GetRole")
	defer observed.end(&err)
	const op = "Workspaces.GetRole"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	if err := checkID(op, "role ID", roleID); err != nil {
		return nil, err
	}
	var env struct {
		Results struct {
			envelope.Single
			Data struct {
				Properties WorkspaceRole `json:"properties"`
				Members    []*Member     `json:"members"`
			} `json:"data"`
		} `json:"results"`
	}
	path := rolesPath(workspaceID) + "/" + strconv.FormatInt(roleID, 10)
	q := url.Values{"fields": {"members"}}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	r := env.Results.Data.Properties
	if r.ID == 0 {
		return nil, malformed(http.MethodGet, path, "no role id in the response")
	}
	r.Members = env.Results.Data.Members
	if r.Members == nil {
		r.Members = []*Member{}
	}
	return &r, nil
}

// WorkspaceRoleRequest describes a new role.
type WorkspaceRoleRequest struct {
	Name        string // required
	Description string
	Leader      bool
	Permissions []Permission
	// MemberIDs are the users and groups to put in the role.
	MemberIDs []int64
	// ApplyTo and IncludeSubTypes set the reach of the role's permissions.
	PermissionOptions
}

// AddRole adds a role to a workspace and returns it.
//
// OpenText API: POST api/v2/businessworkspaces/{id}/roles
func (s *WorkspacesService) AddRole(ctx context.Context, workspaceID int64, req WorkspaceRoleRequest) (_ *WorkspaceRole, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.AddRole")
	defer observed.end(&err)
	const op = "Workspaces.AddRole"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Name) == "" {
		return nil, invalidArg(op, "Name is required")
	}
	if err := checkPermissions(op, req.Permissions); err != nil {
		return nil, err
	}
	if err := req.ApplyTo.check(op); err != nil {
		return nil, err
	}
	for _, id := range req.MemberIDs {
		if err := checkID(op, "MemberIDs element", id); err != nil {
			return nil, err
		}
	}
	body := map[string]any{"name": req.Name, "leader": req.Leader, "apply_to": int(req.ApplyTo)}
	if req.Description != "" {
		body["description"] = req.Description
	}
	if req.Permissions != nil {
		body["permissions"] = req.Permissions
	}
	if len(req.MemberIDs) > 0 {
		body["members"] = req.MemberIDs
	}
	if len(req.IncludeSubTypes) > 0 {
		body["include_sub_types"] = req.IncludeSubTypes
	}
	form, err := jsonBodyForm(body)
	if err != nil {
		return nil, err
	}
	var env struct {
		Results roleResult `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: rolesPath(workspaceID), form: form}, &env); err != nil {
		return nil, err
	}
	r := env.Results.Data.Properties
	if r.ID == 0 {
		return nil, malformed(http.MethodPost, rolesPath(workspaceID), "no role id in the response")
	}
	return &r, nil
}

// UpdateRolePermissions replaces the permissions of a role on the
// workspace; opts sets their reach (PYX and the Smart UI use
// ApplyToThisItemAndSubItems).
//
// OpenText API: PUT api/v2/businessworkspaces/{id}/roles/{role_id}
func (s *WorkspacesService) UpdateRolePermissions(ctx context.Context, workspaceID, roleID int64, perms []Permission, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.UpdateRolePermissions")
	defer observed.end(&err)
	const op = "Workspaces.UpdateRolePermissions"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return err
	}
	if err := checkID(op, "role ID", roleID); err != nil {
		return err
	}
	body, err := permissionBody(op, workspaceID, roleID, perms, opts)
	if err != nil {
		return err
	}
	form, err := jsonBodyForm(body)
	if err != nil {
		return err
	}
	path := rolesPath(workspaceID) + "/" + strconv.FormatInt(roleID, 10)
	return s.c.do(ctx, &request{method: http.MethodPut, path: path, form: form}, nil)
}

// DeleteRole removes a role from a workspace.
//
// OpenText API: DELETE api/v2/businessworkspaces/{id}/roles/{role_id}
func (s *WorkspacesService) DeleteRole(ctx context.Context, workspaceID, roleID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.DeleteRole")
	defer observed.end(&err)
	const op = "Workspaces.DeleteRole"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return err
	}
	if err := checkID(op, "role ID", roleID); err != nil {
		return err
	}
	path := rolesPath(workspaceID) + "/" + strconv.FormatInt(roleID, 10)
	return s.c.do(ctx, &request{method: http.MethodDelete, path: path}, nil)
}

// RoleMembers lists the users and groups in a role.
//
// OpenText API: GET api/v2/businessworkspaces/{id}/roles/{role_id}/members
func (s *WorkspacesService) RoleMembers(ctx context.Context, workspaceID, roleID int64) (_ []*Member, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.RoleMembers")
	defer observed.end(&err)
	const op = "Workspaces.RoleMembers"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	if err := checkID(op, "role ID", roleID); err != nil {
		return nil, err
	}
	var env struct {
		Results envelope.OneOrMany[memberResult] `json:"results"`
	}
	path := rolesPath(workspaceID) + "/" + strconv.FormatInt(roleID, 10) + "/members"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	out := make([]*Member, 0, len(env.Results))
	for i := range env.Results {
		out = append(out, &env.Results[i].Data.Properties)
	}
	return out, nil
}

// RoleMember returns a user or group of a role: the way to ask whether
// someone (such as an external supplier) holds the role.
//
// It fails with an error matching ErrNotFound when the member is not in
// the role (the server answers that the member could not be found), or
// the workspace or role does not exist.
//
// OpenText API: GET api/v2/businessworkspaces/{id}/roles/{role_id}/members/{member_id}
func (s *WorkspacesService) RoleMember(ctx context.Context, workspaceID, roleID, memberID int64) (_ *Member, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.RoleMember")
	defer observed.end(&err)
	const op = "Workspaces.RoleMember"
	if err := checkRoleMember(op, workspaceID, roleID, memberID); err != nil {
		return nil, err
	}
	var env struct {
		Results memberResult `json:"results"`
	}
	path := rolesPath(workspaceID) + "/" + strconv.FormatInt(roleID, 10) + "/members/" + strconv.FormatInt(memberID, 10)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	m := env.Results.Data.Properties
	if m.ID == 0 {
		return nil, malformed(http.MethodGet, path, "no member id in the response")
	}
	return &m, nil
}

// AddRoleMember puts a user or group into a role.
//
// OpenText API: POST api/v2/businessworkspaces/{id}/roles/{role_id}/members
func (s *WorkspacesService) AddRoleMember(ctx context.Context, workspaceID, roleID, memberID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.AddRoleMember")
	defer observed.end(&err)
	const op = "Workspaces.AddRoleMember"
	if err := checkRoleMember(op, workspaceID, roleID, memberID); err != nil {
		return err
	}
	form, err := jsonBodyForm(map[string]any{"id": memberID})
	if err != nil {
		return err
	}
	path := rolesPath(workspaceID) + "/" + strconv.FormatInt(roleID, 10) + "/members"
	return s.c.do(ctx, &request{method: http.MethodPost, path: path, form: form}, nil)
}

// RemoveRoleMember takes a user or group out of a role.
//
// OpenText API: DELETE api/v2/businessworkspaces/{id}/roles/{role_id}/members/{member_id}
func (s *WorkspacesService) RemoveRoleMember(ctx context.Context, workspaceID, roleID, memberID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.RemoveRoleMember")
	defer observed.end(&err)
	const op = "Workspaces.RemoveRoleMember"
	if err := checkRoleMember(op, workspaceID, roleID, memberID); err != nil {
		return err
	}
	path := rolesPath(workspaceID) + "/" + strconv.FormatInt(roleID, 10) + "/members/" + strconv.FormatInt(memberID, 10)
	return s.c.do(ctx, &request{method: http.MethodDelete, path: path}, nil)
}

func checkRoleMember(op string, workspaceID, roleID, memberID int64) error {
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return err
	}
	if err := checkID(op, "role ID", roleID); err != nil {
		return err
	}
	return checkID(op, "member ID", memberID)
}
