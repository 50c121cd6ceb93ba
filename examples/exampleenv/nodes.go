package exampleenv

import (
	"context"
	"fmt"

	"github.com/xecm-go/xecm"
)

// FindChild returns the item of parentID named exactly name (such as the
// "Contracts" folder a workspace template creates), or an error matching
// xecm.ErrNotFound.
func FindChild(ctx context.Context, c *xecm.Client, parentID int64, name string) (*xecm.Node, error) {
	// WhereName matches names that contain the text: keep the exact one.
	for n, err := range c.Nodes.ListChildrenIter(ctx, parentID, &xecm.NodeListOptions{WhereName: name}) {
		if err != nil {
			return nil, err
		}
		if n.Name == name {
			return n, nil
		}
	}
	return nil, fmt.Errorf("no %q in node %d: %w", name, parentID, xecm.ErrNotFound)
}
