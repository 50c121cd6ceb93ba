package xecm_test

import (
	"context"
	"fmt"
	"log"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func ExampleAuditService_ListIter() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	folder, err := c.Nodes.CreateFolder(ctx, 2000, "Audited", nil)
	if err != nil {
		log.Fatal(err)
	}
	name := "Audited (2025)"
	if err := c.Nodes.Update(ctx, folder.ID, xecm.NodeUpdateRequest{Name: &name}); err != nil {
		log.Fatal(err)
	}
	// Newest first, page after page.
	for ev, err := range c.Audit.ListIter(ctx, folder.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ev.EventName, ev.UserID)
	}
	// Output:
	// Rename 1000
	// Create 1000
}
