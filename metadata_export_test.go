package xecm

import "context"

// CreateNodeForTest posts a raw create body (POST api/v2/nodes), for tests
// of the create-time roles before Documents.Upload carries them.
func CreateNodeForTest(ctx context.Context, c *Client, body map[string]any) (*Node, error) {
	return c.Nodes.create(ctx, body)
}
