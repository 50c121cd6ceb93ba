package xecm

import (
	"context"
	"net/http"
	"strconv"
)

// CreatableTypes returns the workspace types, with their templates, that
// the user can create in a container: what a web form that files a new
// workspace into a folder should offer (the Smart UI builds its "Add"
// menu from it). A container the user may not add to, or a node that is
// no container, offers none: the list is empty, not an error.
//
// It fails with an error matching ErrNotFound when the node does not exist
// or is not visible to the user.
//
// OpenText API: GET api/v1/nodes/{id}/businessworkspacetypes
func (s *WorkspacesService) CreatableTypes(ctx context.Context, nodeID int64) (_ []*WorkspaceType, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.CreatableTypes")
	defer observed.end(&err)
	if err := checkID("Workspaces.CreatableTypes", "node ID", nodeID); err != nil {
		return nil, err
	}
	// The v1 layout: "id" and "name", templates with "subType".
	var env struct {
		Types []struct {
			ID        flexInt64 `json:"id"`
			Name      string    `json:"name"`
			RMEnabled bool      `json:"rm_enabled"`
			Templates []struct {
				ID      flexInt64 `json:"id"`
				Name    string    `json:"name"`
				SubType int       `json:"subType"`
			} `json:"templates"`
		} `json:"businessworkspacetypes"`
	}
	path := "v1/nodes/" + strconv.FormatInt(nodeID, 10) + "/businessworkspacetypes"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	out := make([]*WorkspaceType, 0, len(env.Types))
	for _, t := range env.Types {
		wt := &WorkspaceType{ID: int64(t.ID), Name: t.Name, RMEnabled: t.RMEnabled, Templates: make([]WorkspaceTemplate, 0, len(t.Templates))}
		for _, tp := range t.Templates {
			wt.Templates = append(wt.Templates, WorkspaceTemplate{ID: int64(tp.ID), Name: tp.Name, SubType: tp.SubType})
		}
		out = append(out, wt)
	}
	return out, nil
}
