package main

import (
	"context"
	"fmt"

	"github.com/xecm-go/xecm"
)

// resolveParent sets the folder the probe works in: -parent, or else the
// user's Personal Workspace. When that cannot be found, the steps that
// need a folder skip with the reason.
func (p *probe) resolveParent(ctx context.Context) {
	p.parentResolved = true
	p.parent = p.opts.ParentID
	if p.parent != 0 {
		return
	}
	vol, err := p.c.Nodes.Volume(ctx, xecm.VolumePersonal)
	if err != nil {
		p.noParent = p.redact(fmt.Sprintf("give -parent ID: your Personal Workspace was not found (%v)", err))
		return
	}
	p.parent = vol.ID
}
