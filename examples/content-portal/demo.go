package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/portal"
	"github.com/xecm-go/xecm/xecmtest"
)

// The demo data, on the simulator only: nothing here is needed on a real
// server, where the documents, their category and the approval workflow
// that fills it exist already.

// demoPolicy publishes what the simulator's Document Control category says
// is approved: Status = Approved, at the Approved Version given On.
func demoPolicy() (portal.Condition, portal.Approval) {
	return portal.Condition{CategoryID: xecmtest.DocumentControlCategoryID, Attribute: "Status", Values: []string{"Approved"}},
		portal.Approval{CategoryID: xecmtest.DocumentControlCategoryID, VersionAttribute: "Approved Version", DateAttribute: "Approved On"}
}

// seed files demo documents on the simulator: two approved policies, one
// approved at its second version with a third awaiting approval, and a
// draft that stays unpublished.
func seed(ctx context.Context, c *xecm.Client, out io.Writer) (int64, error) {
	folder, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Policies", nil)
	if err != nil {
		return 0, err
	}
	docs := []struct {
		name, status string
		versions     []string
		approved     int // the version approved; 0 for none
	}{
		{"Code of Conduct.txt", "Approved", []string{"Be excellent to each other."}, 1},
		{"Travel Policy.txt", "Approved", []string{"Economy class below six hours.", "Economy class below eight hours.", "Business class on every flight."}, 2},
		{"Remote Work (draft).txt", "Draft", []string{"Under discussion."}, 0},
	}
	for _, d := range docs {
		res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: d.name,
			MimeType: "text/plain", Content: strings.NewReader(d.versions[0])})
		if err != nil {
			return 0, err
		}
		for n, text := range d.versions {
			if n > 0 {
				if _, err := c.Documents.Versions().Add(ctx, res.Node.ID, xecm.VersionAddRequest{FileName: d.name, MimeType: "text/plain",
					Content: strings.NewReader(text)}); err != nil {
					return 0, err
				}
			}
			if n+1 == max(d.approved, 1) {
				// What the approval workflow records when it ends, while
				// the version it approved is the latest (the draft: its
				// Status only).
				vals := xecm.NewCategoryValues(xecmtest.DocumentControlCategoryID).Set("Status", d.status)
				if d.approved > 0 {
					vals.Set("Approved Version", d.approved).Set("Approved On", time.Now())
				}
				if err := c.Metadata.Apply(ctx, res.Node.ID, vals); err != nil {
					return 0, err
				}
			}
		}
	}
	fmt.Fprintf(out, "Filed %d demo documents in folder %d (one is a draft; Travel Policy's version 3 awaits approval)\n", len(docs), folder.ID)
	return folder.ID, nil
}
