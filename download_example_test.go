package xecm_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func ExampleDocumentsService_Download() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "note.txt",
		MimeType: "text/plain", Content: strings.NewReader("hello, world")})
	if err != nil {
		log.Fatal(err)
	}
	d, err := c.Documents.Download(ctx, up.Node.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	body, err := io.ReadAll(d)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.FileName, d.Size, string(body))
	// Output: note.txt 12 hello, world
}

func ExampleDocumentsService_DownloadTo() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "report.csv",
		Content: strings.NewReader("a,b\n1,2\n"), ComputeSHA256: true})
	if err != nil {
		log.Fatal(err)
	}
	// DownloadTo resumes after a dropped connection and checks the digest.
	var buf bytes.Buffer
	res, err := c.Documents.DownloadTo(ctx, up.Node.ID, &buf, &xecm.DownloadToOptions{SHA256: up.SHA256})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.FileName, res.Size, res.SHA256 == up.SHA256)
	// Output: report.csv 8 true
}
