package xecm_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func ExampleVersionsService_Add() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "terms.txt",
		Content: strings.NewReader("first draft")})
	if err != nil {
		log.Fatal(err)
	}
	versions := c.Documents.Versions()
	if _, err := versions.Add(ctx, up.Node.ID, xecm.VersionAddRequest{FileName: "terms.txt", Content: strings.NewReader("second draft"),
		Description: "after review"}); err != nil {
		log.Fatal(err)
	}
	for v, err := range versions.ListIter(ctx, up.Node.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("version %d: %d bytes %q\n", v.Number, v.FileSize, v.Description)
	}
	// Output:
	// version 1: 11 bytes ""
	// version 2: 12 bytes "after review"
}
