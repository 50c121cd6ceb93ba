package portal

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/xecm-go/xecm"
)

// NewClientSource returns the Source that reads from Extended ECM through
// c. The client's account should see the published documents and nothing
// more; its ticket never leaves the portal's process.
//
// It calls Nodes.Get and Nodes.Ancestors (Document), Versions.ListIter
// (Versions), Metadata.List (Categories), Nodes.ListChildrenIter for
// documents (Children) and Documents.Download with a byte range (Open).
// A version whose size the server does not give has Size -1.
// Not-found and forbidden answers become ErrNotFound.
func NewClientSource(c *xecm.Client) Source { return clientSource{c} }

type clientSource struct{ c *xecm.Client }

func (s clientSource) Document(ctx context.Context, id int64) (*DocumentInfo, error) {
	n, err := s.c.Nodes.Get(ctx, id, nil)
	if err != nil {
		return nil, notFound(err)
	}
	anc, err := s.c.Nodes.Ancestors(ctx, id)
	if err != nil {
		return nil, notFound(err)
	}
	d := documentInfo(n)
	for _, a := range anc {
		if a.ID != id { // the server lists the node itself last
			d.Ancestors = append(d.Ancestors, a.ID)
		}
	}
	return d, nil
}

func documentInfo(n *xecm.Node) *DocumentInfo {
	return &DocumentInfo{ID: n.ID, ParentID: n.ParentID, Name: n.Name, Type: n.Type,
		AdvancedVersioning: n.AdvancedVersioning, Modified: n.ModifyDate.Time}
}

func (s clientSource) Versions(ctx context.Context, id int64) ([]VersionInfo, error) {
	var out []VersionInfo
	for v, err := range s.c.Documents.Versions().ListIter(ctx, id, nil) {
		if err != nil {
			return nil, notFound(err)
		}
		out = append(out, VersionInfo{Number: v.Number, Major: v.Major, Minor: v.Minor, FileName: v.FileName,
			MimeType: v.MimeType, Size: v.FileSize, Created: v.CreateDate.Time})
	}
	return out, nil
}

func (s clientSource) Categories(ctx context.Context, id int64) ([]CategoryValues, error) {
	cats, err := s.c.Metadata.List(ctx, id)
	if err != nil {
		return nil, notFound(err)
	}
	out := make([]CategoryValues, 0, len(cats))
	for _, c := range cats {
		cv := CategoryValues{ID: c.ID, Name: c.Name, Values: map[string]any{}}
		if c.Definition != nil {
			for _, a := range c.Definition.Attributes {
				if v, ok := c.Value(a.Name); ok {
					cv.Values[a.Name] = v
				}
			}
		}
		out = append(out, cv)
	}
	return out, nil
}

func (s clientSource) Children(ctx context.Context, folderID int64) iter.Seq2[*DocumentInfo, error] {
	return func(yield func(*DocumentInfo, error) bool) {
		opts := &xecm.NodeListOptions{WhereType: []int{xecm.TypeDocument}}
		for n, err := range s.c.Nodes.ListChildrenIter(ctx, folderID, opts) {
			if err != nil {
				yield(nil, notFound(err))
				return
			}
			if !yield(documentInfo(n), nil) {
				return
			}
		}
	}
}

func (s clientSource) Open(ctx context.Context, id int64, version int, offset, length int64) (*Content, error) {
	d, err := s.c.Documents.Download(ctx, id, &xecm.DownloadOptions{Version: version, Offset: offset, Length: length})
	if err != nil {
		return nil, notFound(err)
	}
	return &Content{Body: d.ReadCloser, Offset: d.Offset, Total: max(d.TotalSize, 0)}, nil
}

// notFound marks the server's not-found and forbidden answers as
// ErrNotFound: to a reader, both mean "not published".
func notFound(err error) error {
	if errors.Is(err, xecm.ErrNotFound) || errors.Is(err, xecm.ErrForbidden) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return err
}
