package xecm

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
)

// RelationType is the direction of a relation between two workspaces.
type RelationType string

// Relation types. A relation seen from the other workspace has the other type.
const (
	RelationChild  RelationType = "child"
	RelationParent RelationType = "parent"
)

func (t RelationType) check(op string) error {
	if t != RelationChild && t != RelationParent {
		return invalidArg(op, "relation type %q is neither %q nor %q", string(t), RelationChild, RelationParent)
	}
	return nil
}

// AddReference links one more business object to an existing workspace
// (for example the same customer in a second system), so that the
// workspace stands for it too.
//
// The server does this as a create for an "identical business object"
// (ibo_workspace_id), which answers the workspace's ID.
//
// OpenText API: POST api/v2/businessworkspaces with ibo_workspace_id
func (s *WorkspacesService) AddReference(ctx context.Context, workspaceID int64, bo BusinessObject) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.AddReference")
	defer observed.end(&err)
	const op = "Workspaces.AddReference"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return err
	}
	if err := bo.check(op, "business object"); err != nil {
		return err
	}
	_, err = s.postWorkspace(ctx, map[string]any{
		"ibo_workspace_id": workspaceID,
		"ext_system_id":    bo.ExtSystemID, "bo_type": bo.BOType, "bo_id": bo.BOID,
	})
	return err
}

// RemoveReference unlinks a business object from a workspace. The
// workspace itself stays; when the removed reference was the main one
// (Workspace.BusinessObject), the next reference takes its place.
//
// No vendor spec declares this call. It is the one OpenText's pyxecm
// makes, with the business object as form fields in the DELETE body.
//
// OpenText API: DELETE api/v2/businessworkspaces/{id}/workspacereferences
func (s *WorkspacesService) RemoveReference(ctx context.Context, workspaceID int64, bo BusinessObject) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.RemoveReference")
	defer observed.end(&err)
	const op = "Workspaces.RemoveReference"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return err
	}
	if err := bo.check(op, "business object"); err != nil {
		return err
	}
	form := url.Values{"ext_system_id": {bo.ExtSystemID}, "bo_type": {bo.BOType}, "bo_id": {bo.BOID}}
	path := "v2/businessworkspaces/" + strconv.FormatInt(workspaceID, 10) + "/workspacereferences"
	return s.c.do(ctx, &request{method: http.MethodDelete, path: path, form: form}, nil)
}

// RelatedListOptions filters and pages Related.
type RelatedListOptions struct {
	ListOptions
	// Types keeps relations of these types (both when empty).
	Types []RelationType
	// TypeIDs keeps related workspaces of these workspace types.
	TypeIDs []int64
	// NamePrefix keeps related workspaces whose name starts with it.
	NamePrefix string
	// Sort orders the result, such as "asc_name".
	Sort string
}

func (o *RelatedListOptions) query(op string, lo ListOptions) (url.Values, error) {
	q := url.Values{}
	if o != nil {
		types := make([]string, 0, len(o.Types))
		for _, t := range o.Types {
			if err := t.check(op); err != nil {
				return nil, err
			}
			types = append(types, string(t))
		}
		if len(types) > 0 {
			q.Set("where_rel_types", strings.Join(types, ","))
		}
		if err := setWorkspaceTypeIDs(op, q, o.TypeIDs); err != nil {
			return nil, err
		}
		if o.NamePrefix != "" {
			q.Set("where_name", o.NamePrefix)
		}
		if o.Sort != "" {
			q.Set("sort", o.Sort)
		}
	}
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	setListOptions(q, lo)
	return q, nil
}

// Related returns one page of the workspaces related to a workspace.
//
// OpenText API: GET api/v2/businessworkspaces/{id}/relateditems
func (s *WorkspacesService) Related(ctx context.Context, workspaceID int64, opts *RelatedListOptions) (_ *Page[*Workspace], err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Related")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = opts.ListOptions
	}
	return s.related(ctx, workspaceID, opts, lo)
}

func (s *WorkspacesService) related(ctx context.Context, workspaceID int64, opts *RelatedListOptions, lo ListOptions) (*Page[*Workspace], error) {
	const op = "Workspaces.Related"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	q, err := opts.query(op, lo)
	if err != nil {
		return nil, err
	}
	return s.workspacePage(ctx, "v2/businessworkspaces/"+strconv.FormatInt(workspaceID, 10)+"/relateditems", q)
}

// workspacePage reads one page of a workspace list answer (results of
// workspace data, top-level paging) from a GET of path.
func (s *WorkspacesService) workspacePage(ctx context.Context, path string, q url.Values) (*Page[*Workspace], error) {
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[struct {
			Data workspaceData `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	items := make([]*Workspace, 0, len(env.Results))
	for i := range env.Results {
		w, err := env.Results[i].Data.workspace()
		if err != nil {
			return nil, malformed(http.MethodGet, path, err.Error())
		}
		items = append(items, w)
	}
	return newPage(items, env.Paging()), nil
}

// RelatedIter returns an iterator over every related workspace, fetching
// pages lazily. The options are copied, never changed.
func (s *WorkspacesService) RelatedIter(ctx context.Context, workspaceID int64, opts *RelatedListOptions) iter.Seq2[*Workspace, error] {
	var cp *RelatedListOptions
	var start ListOptions
	if opts != nil {
		c := *opts
		c.Types = append([]RelationType(nil), opts.Types...)
		c.TypeIDs = append([]int64(nil), opts.TypeIDs...)
		cp, start = &c, opts.ListOptions
	}
	return paginate(ctx, pager[*Workspace]{
		start: start,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*Workspace], error) {
			return s.related(ctx, workspaceID, cp, lo)
		},
		key: func(w *Workspace) int64 { return w.ID },
	})
}

// AddRelation relates workspace relatedID to workspaceID; with
// RelationChild, relatedID becomes a child of workspaceID.
//
// OpenText API: POST api/v2/businessworkspaces/{id}/relateditems
func (s *WorkspacesService) AddRelation(ctx context.Context, workspaceID, relatedID int64, typ RelationType) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.AddRelation")
	defer observed.end(&err)
	const op = "Workspaces.AddRelation"
	if err := checkRelation(op, workspaceID, relatedID, typ); err != nil {
		return err
	}
	form, err := jsonBodyForm(map[string]any{"rel_bw_id": relatedID, "rel_type": string(typ)})
	if err != nil {
		return err
	}
	path := "v2/businessworkspaces/" + strconv.FormatInt(workspaceID, 10) + "/relateditems"
	return s.c.do(ctx, &request{method: http.MethodPost, path: path, form: form}, nil)
}

// RemoveRelation removes the relation of the given type between the two workspaces.
//
// OpenText API: DELETE api/v2/businessworkspaces/{id}/relateditems/{rel_bw_id}
func (s *WorkspacesService) RemoveRelation(ctx context.Context, workspaceID, relatedID int64, typ RelationType) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.RemoveRelation")
	defer observed.end(&err)
	const op = "Workspaces.RemoveRelation"
	if err := checkRelation(op, workspaceID, relatedID, typ); err != nil {
		return err
	}
	path := "v2/businessworkspaces/" + strconv.FormatInt(workspaceID, 10) + "/relateditems/" + strconv.FormatInt(relatedID, 10)
	return s.c.do(ctx, &request{method: http.MethodDelete, path: path, query: url.Values{"rel_type": {string(typ)}}}, nil)
}

func checkRelation(op string, workspaceID, relatedID int64, typ RelationType) error {
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return err
	}
	if err := checkID(op, "related workspace ID", relatedID); err != nil {
		return err
	}
	if workspaceID == relatedID {
		return invalidArg(op, "a workspace cannot be related to itself (%d)", workspaceID)
	}
	return typ.check(op)
}

// setWorkspaceTypeIDs sets where_workspace_type_ids, the workspace types a
// related-items list is limited to, refusing a non-positive ID.
func setWorkspaceTypeIDs(op string, q url.Values, typeIDs []int64) error {
	ids := make([]string, 0, len(typeIDs))
	for _, id := range typeIDs {
		if err := checkID(op, "TypeIDs element", id); err != nil {
			return err
		}
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	if len(ids) > 0 {
		q.Set("where_workspace_type_ids", strings.Join(ids, ","))
	}
	return nil
}
