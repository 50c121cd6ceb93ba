package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/xecm-go/xecm"
)

// personalWorkspaceType is the volume type of a user's Personal Workspace.
const personalWorkspaceType = 142

// resolveParent sets the folder the probe works in: -parent, or else the
// user's Personal Workspace. When that cannot be found, the steps that
// need a folder skip with the reason.
func (p *probe) resolveParent(ctx context.Context) {
	p.parent = p.opts.ParentID
	if p.parent != 0 {
		return
	}
	id, err := personalWorkspace(ctx, p.c)
	if err != nil {
		p.noParent = p.redact(fmt.Sprintf("give -parent ID: your Personal Workspace was not found (%v)", err))
		return
	}
	p.parent = id
}

// personalWorkspace returns the node ID of the user's Personal Workspace.
// The SDK does not wrap volumes, so it goes through Client.Do.
//
// OpenText API: GET api/v2/volumes/142. The spec documents "results" and
// "data" as arrays; pyxecm reads results.data.properties.id as objects:
// both are accepted.
func personalWorkspace(ctx context.Context, c *xecm.Client) (int64, error) {
	req, err := c.NewRequest(http.MethodGet, fmt.Sprintf("v2/volumes/%d", personalWorkspaceType), nil)
	if err != nil {
		return 0, err
	}
	var raw struct {
		Results json.RawMessage `json:"results"`
	}
	if _, err := c.Do(ctx, req, &raw); err != nil {
		return 0, err
	}
	var res struct {
		Data json.RawMessage `json:"data"`
	}
	if err := decodeFirst(raw.Results, &res); err != nil {
		return 0, fmt.Errorf("GET api/v2/volumes/%d: malformed results: %w", personalWorkspaceType, err)
	}
	var data struct {
		Properties struct {
			ID int64 `json:"id"`
		} `json:"properties"`
	}
	if err := decodeFirst(res.Data, &data); err != nil || data.Properties.ID == 0 {
		return 0, fmt.Errorf("GET api/v2/volumes/%d: no node ID in the answer", personalWorkspaceType)
	}
	return data.Properties.ID, nil
}

// decodeFirst decodes an object, or the first element of an array.
func decodeFirst(raw json.RawMessage, v any) error {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		if len(list) == 0 {
			return errors.New("empty array")
		}
		raw = list[0]
	}
	return json.Unmarshal(raw, v)
}
