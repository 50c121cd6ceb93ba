package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/xecmtest"
)

// The demo data, on the simulator only: nothing here is needed on a real
// server, where the documents, their category and the approval workflow
// that fills it exist already.

// demo has the embedded simulator seeded; its Document Control category
// records the approval date too, in "Approved On".
func demo(cfg *config) {
	cfg.ECM.Demo = seed
	if cfg.DateAttribute == "" {
		cfg.DateAttribute = "Approved On"
	}
}

// seed files demo documents on the simulator, in the folder "Policies":
// two approved policies, one approved at its second version with a third
// awaiting approval, and a draft that stays unpublished.
func seed(ctx context.Context, env *exampleenv.Env, out io.Writer) error {
	c := env.Client
	folder, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Policies", nil)
	if err != nil {
		return err
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
			return err
		}
		for n, text := range d.versions {
			if n > 0 {
				if _, err := c.Documents.Versions().Add(ctx, res.Node.ID, xecm.VersionAddRequest{FileName: d.name, MimeType: "text/plain",
					Content: strings.NewReader(text)}); err != nil {
					return err
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
					return err
				}
			}
		}
	}
	fmt.Fprintf(out, "Filed %d demo documents in folder %d (one is a draft; Travel Policy's version 3 awaits approval)\n", len(docs), folder.ID)
	return nil
}
