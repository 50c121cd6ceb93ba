package xecm

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/xecm-go/xecm/internal/envelope"
)

// RecycledNode is an item in the Recycle Bin: deleted by Nodes.Delete,
// restorable until the server purges it.
type RecycledNode struct {
	ID       int64
	Name     string
	Type     int
	TypeName string
	// ParentID is where the item was, and where Restore puts it back.
	ParentID      int64
	DeletedUserID int64
	DeletedDate   Time
	// PurgeDate is when the server will purge the item by itself.
	PurgeDate     Time
	CreateUserID  int64
	MimeType      string
	Container     bool
	ContainerSize int
	Size          int64
}

type recycledWire struct {
	ID            flexInt64 `json:"id"`
	Name          string    `json:"name"`
	Type          flexInt64 `json:"type"`
	TypeName      string    `json:"type_name"`
	ParentID      flexInt64 `json:"parent_id"`
	DeletedUserID flexInt64 `json:"deleted_user_id"`
	DeletedDate   Time      `json:"deleted_date"`
	PurgedDate    Time      `json:"purged_date"`
	CreateUserID  flexInt64 `json:"create_user_id"`
	MimeType      string    `json:"mime_type"`
	Container     bool      `json:"container"`
	ContainerSize flexInt64 `json:"container_size"`
	Size          flexInt64 `json:"size"`
}

// RecycleBinListOptions filters and pages RecycleBin.
type RecycleBinListOptions struct {
	ListOptions
	// WhereName keeps items whose name contains this text.
	WhereName string
}

// RecycleBin returns one page of the Recycle Bin: the items the user
// deleted (an administrator sees everyone's).
//
// OpenText API: GET api/v2/volumes/recyclebin/nodes
func (s *NodesService) RecycleBin(ctx context.Context, opts *RecycleBinListOptions) (_ *Page[*RecycledNode], err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.RecycleBin")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = opts.ListOptions
	}
	return s.recycleBin(ctx, opts, lo)
}

func (s *NodesService) recycleBin(ctx context.Context, opts *RecycleBinListOptions, lo ListOptions) (*Page[*RecycledNode], error) {
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg("Nodes.RecycleBin", "page and limit must not be negative")
	}
	q := url.Values{}
	if opts != nil && opts.WhereName != "" {
		q.Set("where_name", opts.WhereName)
	}
	setListOptions(q, lo)
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[struct {
			Data struct {
				Properties recycledWire `json:"properties"`
			} `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/volumes/recyclebin/nodes", query: dropEmpty(q)}, &env); err != nil {
		return nil, err
	}
	items := make([]*RecycledNode, 0, len(env.Results))
	for _, r := range env.Results {
		w := r.Data.Properties
		items = append(items, &RecycledNode{ID: int64(w.ID), Name: w.Name, Type: int(w.Type), TypeName: w.TypeName,
			ParentID: int64(w.ParentID), DeletedUserID: int64(w.DeletedUserID), DeletedDate: w.DeletedDate, PurgeDate: w.PurgedDate,
			CreateUserID: int64(w.CreateUserID), MimeType: w.MimeType, Container: w.Container,
			ContainerSize: int(w.ContainerSize), Size: int64(w.Size)})
	}
	return newPage(items, env.Paging()), nil
}

// RecycleBinIter returns an iterator over the whole Recycle Bin, fetching
// pages lazily. The options are copied, never changed.
func (s *NodesService) RecycleBinIter(ctx context.Context, opts *RecycleBinListOptions) iter.Seq2[*RecycledNode, error] {
	var cp *RecycleBinListOptions
	var start ListOptions
	if opts != nil {
		c := *opts
		cp, start = &c, opts.ListOptions
	}
	return paginate(ctx, pager[*RecycledNode]{
		start: start,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*RecycledNode], error) {
			return s.recycleBin(ctx, cp, lo)
		},
		key: func(n *RecycledNode) int64 { return n.ID },
	})
}

// RecycleBinResult says which items a Restore or Purge handled.
type RecycleBinResult struct {
	// Succeeded lists the IDs handled.
	Succeeded []int64
	// Failed maps the IDs not handled to the server's reason ("Could not
	// get a node for 7321" for an ID not in the Recycle Bin).
	Failed map[int64]string
}

// RecycleBinError is returned by Restore and Purge when some items were not
// handled; Result says which. It matches the *APIError of the server's
// answer (errors.As), and a sentinel that every failure's reason matches
// (see Is).
type RecycleBinError struct {
	Result *RecycleBinResult
	Err    *APIError
}

// Error lists the failed IDs with their reasons.
func (e *RecycleBinError) Error() string {
	ids := make([]int64, 0, len(e.Result.Failed))
	for id := range e.Result.Failed {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	msg := e.Err.Error() + ":"
	for _, id := range ids {
		msg += " " + strconv.FormatInt(id, 10) + " (" + e.Result.Failed[id] + ")"
	}
	return msg
}

// Unwrap returns the server's *APIError.
func (e *RecycleBinError) Unwrap() error { return e.Err }

// Is matches a sentinel (ErrNotFound, ErrAlreadyExists...) that every
// failure's reason matches, such as ErrNotFound when no item was in the
// Recycle Bin.
func (e *RecycleBinError) Is(target error) bool {
	if len(e.Result.Failed) == 0 {
		return false
	}
	for _, m := range e.Result.Failed {
		if !(&APIError{StatusCode: e.Err.StatusCode, Message: m}).Is(target) {
			return false
		}
	}
	return true
}

// Restore puts items of the Recycle Bin back where they were, with their
// subtrees, versions, categories and permissions.
//
// When some items cannot be restored (not in the Recycle Bin, their
// original location gone, its name taken there) it returns the result,
// which lists what was restored, with a *RecycleBinError.
//
// OpenText API: POST api/v2/volumes/recyclebin/nodes/restore (body {"ids": [...]})
func (s *NodesService) Restore(ctx context.Context, ids ...int64) (_ *RecycleBinResult, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Restore")
	defer observed.end(&err)
	return s.binAction(ctx, "Nodes.Restore", "v2/volumes/recyclebin/nodes/restore", ids)
}

// Purge removes items from the Recycle Bin for good (the erasure path
// after Delete: a deleted item stays restorable until it is purged).
// Partial failures are reported as for Restore.
//
// OpenText API: POST api/v2/volumes/recyclebin/nodes/purge (body {"ids": [...]})
func (s *NodesService) Purge(ctx context.Context, ids ...int64) (_ *RecycleBinResult, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Purge")
	defer observed.end(&err)
	return s.binAction(ctx, "Nodes.Purge", "v2/volumes/recyclebin/nodes/purge", ids)
}

func (s *NodesService) binAction(ctx context.Context, op, path string, ids []int64) (*RecycleBinResult, error) {
	if len(ids) == 0 {
		return nil, invalidArg(op, "at least one node ID is required")
	}
	for _, id := range ids {
		if err := checkID(op, "node ID", id); err != nil {
			return nil, err
		}
	}
	form, err := jsonBodyForm(map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	var env struct {
		Results struct {
			Success struct {
				IDs []flexInt64 `json:"ids"`
			} `json:"success"`
			Failure struct {
				IDs    []flexInt64 `json:"ids"`
				Errors map[string]struct {
					Message string `json:"message"`
				} `json:"errors"`
			} `json:"failure"`
		} `json:"results"`
	}
	r := &request{method: http.MethodPost, path: path, form: form}
	resp, err := s.c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	defer drainClose(resp)
	if resp.StatusCode != http.StatusBadRequest {
		err := s.c.decode(resp, r, &env)
		if err != nil {
			return nil, r.outcome(err)
		}
	} else {
		// A 400 may carry the per-item results of a partial failure.
		body, _ := readLimited(resp.Body, maxErrorBody)
		apiErr := newAPIError(r.method, s.c.pathOf(r), resp.StatusCode, resp.Header.Get("Content-Type"), body)
		if json.Unmarshal(body, &env) != nil || len(env.Results.Failure.IDs)+len(env.Results.Success.IDs) == 0 {
			return nil, apiErr
		}
		res := binResult(env.Results.Success.IDs, env.Results.Failure.IDs)
		for id := range res.Failed {
			res.Failed[id] = firstNonEmpty(env.Results.Failure.Errors[strconv.FormatInt(id, 10)].Message, apiErr.Message)
		}
		return res, &RecycleBinError{Result: res, Err: apiErr}
	}
	return binResult(env.Results.Success.IDs, nil), nil
}

func binResult(ok, failed []flexInt64) *RecycleBinResult {
	res := &RecycleBinResult{Succeeded: make([]int64, 0, len(ok)), Failed: map[int64]string{}}
	for _, id := range ok {
		res.Succeeded = append(res.Succeeded, int64(id))
	}
	for _, id := range failed {
		res.Failed[int64(id)] = ""
	}
	return res
}
