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
// reads: a few folders and a document in the Enterprise Workspace (so
// that browsing has pages), and a customer workspace whose category the
// category probe finds by name.
type simulator struct {
	*xecmtest.Server
	// Workspace carries the "Customer" category.
	Workspace int64
}

// The probe works in the simulator's Enterprise Workspace, where the demo
// data is, rather than in the Personal Workspace it would default to.
const simParent = xecmtest.EnterpriseWorkspaceID

// startSimulator starts and seeds the embedded simulator. Its large-file
// sessions start at 1 MiB, in 512 KiB parts, so that the large-file probe
// sends a few parts of a small file.
func startSimulator(ctx context.Context) (*simulator, error) {
	sim := &simulator{Server: xecmtest.NewServer()}
	sim.SetLargeFileLimits(true, 1<<20, 0, 512<<10, 0)
	for _, name := range []string{"Projects", "Archive", "Templates"} {
		sim.AddFolder(simParent, name)
	}
	sim.Workspace = sim.AddWorkspace(xecmtest.TemplateCustomer, "ACME Corp", nil)
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword(simUser, simPassword))
	if err != nil {
		sim.Close()
		return nil, err
	}
	if _, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: simParent, Name: "Welcome.txt",
		MimeType: "text/plain", Content: strings.NewReader(strings.Repeat("Welcome to the simulator.\n", 8))}); err != nil {
		sim.Close()
		return nil, fmt.Errorf("seeding the simulator: %w", err)
	}
	return sim, nil
}

// simDefaults fills the options the user left empty with the
// simulator's demo data.
func (s *simulator) defaults(o *Options) {
	if o.ParentID == 0 {
		o.ParentID = simParent
	}
	if o.Category == "" {
		o.Category = "Customer"
		if o.CategoryNodeID == 0 {
			o.CategoryNodeID = s.Workspace
		}
	}
}
