package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// Demo login of the embedded simulator.
const simUser, simPassword = "Admin", "livelink"

// simulator is the embedded simulator with the demo data the probe
// reads: a few folders and a document in Admin's Personal Workspace (so
// that browsing has pages and read-only mode has a document to read),
// and a customer workspace.
type simulator struct {
	*xecmtest.Server
	// Parent is Admin's Personal Workspace, where the probe works by
	// default, as on a real server.
	Parent int64
	// Workspace is a customer workspace; it carries the "Customer"
	// category.
	Workspace int64
}

// startSimulator starts and seeds the embedded simulator. Its large-file
// sessions start at 1 MiB, in 512 KiB parts, so that the large-file probe
// sends a few parts of a small file.
func startSimulator(ctx context.Context) (_ *simulator, err error) {
	sim := &simulator{Server: xecmtest.NewServer()}
	defer func() {
		if err != nil {
			sim.Close()
		}
	}()
	sim.SetLargeFileLimits(true, 1<<20, 0, 512<<10, 0)
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword(simUser, simPassword))
	if err != nil {
		return nil, err
	}
	vol, err := c.Nodes.Volume(ctx, xecm.VolumePersonal)
	if err != nil {
		return nil, fmt.Errorf("seeding the simulator: %w", err)
	}
	sim.Parent = vol.ID
	for _, name := range []string{"Projects", "Archive", "Templates"} {
		sim.AddFolder(sim.Parent, name)
	}
	sim.Workspace = sim.AddWorkspace(xecmtest.TemplateCustomer, "ACME Corp", nil)
	if _, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: sim.Parent, Name: "Welcome.txt",
		MimeType: "text/plain", Content: strings.NewReader(strings.Repeat("Welcome to the simulator.\n", 8))}); err != nil {
		return nil, fmt.Errorf("seeding the simulator: %w", err)
	}
	return sim, nil
}

// defaults fills the category the user left empty with one of the
// simulator's, found by name in its Categories Volume. The parent stays
// the default: the Personal Workspace, found as on a real server.
func (s *simulator) defaults(o *Options) {
	if o.Category == "" {
		o.Category = "Contract"
	}
}
