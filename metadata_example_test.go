package xecm_test

import (
	"context"
	"fmt"
	"log"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func ExampleMetadataService_Update() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	folder, err := c.Nodes.CreateFolder(ctx, 2000, "Globex", nil)
	if err != nil {
		log.Fatal(err)
	}
	// Values by attribute name, checked against the category's definition.
	deal := xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", "D-1042")
	if err := c.Metadata.Apply(ctx, folder.ID, deal); err != nil {
		log.Fatal(err)
	}
	// An update guarded by the token read before it: someone else's change
	// in between fails with ErrConflict instead of being overwritten.
	tok, err := c.Metadata.Token(ctx, folder.ID, xecmtest.ContractCategoryID)
	if err != nil {
		log.Fatal(err)
	}
	change := xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Account Name", "Globex")
	if _, err := c.Metadata.Update(ctx, folder.ID, change, &xecm.CategoryUpdateOptions{MetadataToken: tok}); err != nil {
		log.Fatal(err)
	}
	cat, err := c.Metadata.Get(ctx, folder.ID, xecmtest.ContractCategoryID)
	if err != nil {
		log.Fatal(err)
	}
	id, _ := cat.Value("Deal ID")
	account, _ := cat.Value("Account Name")
	fmt.Println(cat.Name, id, account)
	// Output: Contract D-1042 Globex
}
