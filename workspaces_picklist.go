package xecm

import (
	"context"
	"iter"
	"net/url"
	"strconv"
)

// RelatableOptions filters, sorts and pages Relatable.
type RelatableOptions struct {
	ListOptions
	// Type is the relation the candidates would have: RelationChild (the
	// default) or RelationParent. Workspaces already related so are left out.
	Type RelationType
	// TypeIDs keeps candidates of these workspace types.
	TypeIDs []int64
	// Name filters by name: an exact name, or with the prefixes
	// "contains_" or "starts_with_" (where_name).
	Name string
	// Sort orders the result: "asc_name", "desc_name" or "name".
	Sort string
}

// Relatable returns one page of the workspaces that can be related to a
// workspace (as children, or with Type as parents): the candidates the
// server allows, without those already related so. Pages hold up to 500
// workspaces unless Limit says otherwise.
//
// It fails with ErrInvalidArgument for a bad ID, relation type or type
// ID, and with an error matching ErrNotFound when the workspace does not
// exist or is not visible to the user.
//
// OpenText API: GET api/v2/businessworkspaces/{id}/relateditemspicklist
func (s *WorkspacesService) Relatable(ctx context.Context, workspaceID int64, opts *RelatableOptions) (_ *Page[*Workspace], err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Relatable")
	defer observed.end(&err)
	var o RelatableOptions
	if opts != nil {
		o = *opts
	}
	return s.relatable(ctx, workspaceID, o, o.ListOptions)
}

// RelatableIter returns an iterator over every workspace that can be
// related to a workspace, fetching pages lazily. The options are copied.
func (s *WorkspacesService) RelatableIter(ctx context.Context, workspaceID int64, opts *RelatableOptions) iter.Seq2[*Workspace, error] {
	var o RelatableOptions
	if opts != nil {
		o = *opts
		o.TypeIDs = append([]int64(nil), opts.TypeIDs...)
	}
	return paginate(ctx, pager[*Workspace]{
		start: o.ListOptions,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*Workspace], error) {
			return s.relatable(ctx, workspaceID, o, lo)
		},
		key: func(w *Workspace) int64 { return w.ID },
	})
}

func (s *WorkspacesService) relatable(ctx context.Context, workspaceID int64, o RelatableOptions, lo ListOptions) (*Page[*Workspace], error) {
	const op = "Workspaces.Relatable"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	q := url.Values{}
	if o.Type != "" {
		if err := o.Type.check(op); err != nil {
			return nil, err
		}
		q.Set("where_rel_type", string(o.Type))
	}
	if err := setWorkspaceTypeIDs(op, q, o.TypeIDs); err != nil {
		return nil, err
	}
	if o.Name != "" {
		q.Set("where_name", o.Name)
	}
	if o.Sort != "" {
		q.Set("sort", o.Sort)
	}
	setListOptions(q, lo)
	return s.workspacePage(ctx, "v2/businessworkspaces/"+strconv.FormatInt(workspaceID, 10)+"/relateditemspicklist", q)
}
