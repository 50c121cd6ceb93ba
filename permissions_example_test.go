package xecm_test

import (
	"context"
	"fmt"
	"log"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// Lock a folder down to named members: take away public and owner group
// access over the tree, give two users access in one call, then check
// what one of them has on each node.
func ExamplePermissionsService_SetAssignedMany() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	folder, err := c.Nodes.CreateFolder(ctx, 2000, "Board minutes", nil)
	if err != nil {
		log.Fatal(err)
	}
	sub, err := c.Nodes.CreateFolder(ctx, folder.ID, "2026", nil)
	if err != nil {
		log.Fatal(err)
	}
	tree := &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}
	if err := c.Permissions.RemovePublic(ctx, folder.ID, tree); err != nil {
		log.Fatal(err)
	}
	if err := c.Permissions.RemoveOwnerGroup(ctx, folder.ID, tree); err != nil {
		log.Fatal(err)
	}
	err = c.Permissions.SetAssignedMany(ctx, folder.ID, []xecm.MemberAccess{
		{MemberID: 1001, Permissions: xecm.ReadPermissions()},                                                 // jdoe
		{MemberID: 1002, Permissions: []xecm.Permission{xecm.PermSee, xecm.PermSeeContents, xecm.PermModify}}, // msmith
	}, tree)
	if err != nil {
		log.Fatal(err)
	}
	results, err := c.Permissions.EffectiveMany(ctx, 1002, []int64{folder.ID, sub.ID}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		if r.Err != nil {
			log.Fatal(r.Err)
		}
		fmt.Println(r.NodeID == folder.ID, r.Permissions)
	}
	// Output:
	// true [see see_contents modify]
	// false [see see_contents modify]
}
