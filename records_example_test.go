package xecm_test

import (
	"context"
	"fmt"
	"log"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func ExampleRecordsService_Apply() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	folder, err := c.Nodes.CreateFolder(ctx, 2000, "Signed contracts", nil)
	if err != nil {
		log.Fatal(err)
	}
	// The SDK reads the rm_metadataToken the change needs.
	if err := c.Records.Apply(ctx, folder.ID, xecmtest.RMClassContracts, nil); err != nil {
		log.Fatal(err)
	}
	rec, err := c.Records.Get(ctx, folder.ID)
	if err != nil {
		log.Fatal(err)
	}
	p, _ := rec.Primary()
	fmt.Println(p.ClassID == xecmtest.RMClassContracts, p.Name)

	// A legal hold keeps the folder and everything in it from deletion.
	if err := c.Records.ApplyHold(ctx, folder.ID, xecmtest.HoldLitigation); err != nil {
		log.Fatal(err)
	}
	holds, err := c.Records.NodeHolds(ctx, folder.ID)
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range holds {
		fmt.Println(h.HoldName, h.Inherited)
	}
	// Output:
	// true Contracts
	// Litigation 2025 false
}
