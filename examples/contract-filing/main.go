// Command contract-filing files a signed contract from a sales portal in
// the customer's business workspace: it ensures the Customer workspace of
// the CRM account (found by its business object, created from the template
// when there is none), finds its "Contracts" folder and uploads the
// contract with the deal ID, the account name and the retention category
// (records management classification) applied in the create call itself,
// so the document is never stored unclassified. It then prints the
// document's record details and audit trail, which show all three.
//
//	go run ./examples/contract-filing
//
// On a real server it needs a workspace type (-workspace-type, default
// "Customer") whose template makes a "Contracts" folder, and a category
// (-category, a name or path in the Categories Volume, default "Contract")
// with the attributes "Deal ID", "Account Name" and "Signed Date"; both are
// found by name, and what was found is printed. -template and -category-id
// take IDs instead. Give the RM classification of contracts with -rm-class
// (its ID) to have the document classified in the same call:
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... \
//	go run ./examples/contract-filing -file signed.pdf -account 0015g00000XyZ \
//	  -account-name "ACME Corp" -deal D-1042 -workspace-type Customer -category Contract -rm-class 41320
//
// -account, -account-name and -deal are required. With ECM_URL unset it
// runs against the embedded simulator and files a small demo PDF for a
// demo account (demo.go).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
)

// Config is what to file, and where.
type Config struct {
	exampleenv.Config
	File        string // -file: the signed contract; empty files a demo PDF
	AccountID   string // -account: the CRM account (business object key)
	AccountName string // -account-name
	DealID      string // -deal
	ExtSystemID string // -ext-system: the CRM's connection in Extended ECM
	BOType      string // -bo-type: the business object type of accounts
	// WorkspaceType names the type whose template makes new workspaces
	// (-workspace-type); TemplateID (-template) overrides it with an ID.
	WorkspaceType string
	TemplateID    int64
	// Category is the name or path of the category in the Categories
	// Volume (-category); CategoryID (-category-id) overrides it.
	Category   string
	CategoryID int64
	// RMClassPath is the path of the RM classification of contracts in
	// the Classification Volume (-rm-class-path); RMClassID (-rm-class)
	// overrides it. Neither leaves the document unclassified.
	RMClassPath string
	RMClassID   int64
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		os.Exit(2)
	}
	if cfg.URL == "" {
		demo(&cfg)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "contract-filing:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (Config, error) {
	cfg := Config{Config: exampleenv.FromEnv()}
	fs := flag.NewFlagSet("contract-filing", flag.ContinueOnError)
	fs.StringVar(&cfg.File, "file", "", "the signed contract to file (default: a demo PDF)")
	fs.StringVar(&cfg.AccountID, "account", "", "CRM account ID (required)")
	fs.StringVar(&cfg.AccountName, "account-name", "", "CRM account name (required)")
	fs.StringVar(&cfg.DealID, "deal", "", "deal ID (required)")
	fs.StringVar(&cfg.ExtSystemID, "ext-system", "SFDC", "external system ID of the CRM")
	fs.StringVar(&cfg.BOType, "bo-type", "Account", "business object type of CRM accounts")
	fs.StringVar(&cfg.WorkspaceType, "workspace-type", "Customer", "workspace type of the accounts' workspaces (its template makes new ones)")
	fs.Int64Var(&cfg.TemplateID, "template", 0, "workspace template ID (overrides -workspace-type)")
	fs.StringVar(&cfg.Category, "category", "Contract", "name or path of the contract category in the Categories Volume")
	fs.Int64Var(&cfg.CategoryID, "category-id", 0, "contract category ID (overrides -category)")
	fs.StringVar(&cfg.RMClassPath, "rm-class-path", "", `path of the contracts' RM classification in the Classification Volume, such as "RM Classifications/Corporate Records/Contracts" (default: none)`)
	fs.Int64Var(&cfg.RMClassID, "rm-class", 0, "RM classification ID of contracts (overrides -rm-class-path)")
	return cfg, fs.Parse(args)
}

func run(ctx context.Context, cfg Config, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	env, err := exampleenv.Connect(ctx, cfg.Config, out)
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client
	if cfg.AccountID == "" || cfg.AccountName == "" || cfg.DealID == "" {
		return fmt.Errorf("say whose contract to file: -account, -account-name and -deal: %w", xecm.ErrInvalidArgument)
	}
	if err := resolve(ctx, c, &cfg, out); err != nil {
		return err
	}

	bo := xecm.BusinessObject{ExtSystemID: cfg.ExtSystemID, BOType: cfg.BOType, BOID: cfg.AccountID}
	ws, created, err := c.Workspaces.Ensure(ctx, xecm.WorkspaceCreateRequest{TemplateID: cfg.TemplateID, Name: cfg.AccountName, BusinessObject: &bo})
	if err != nil {
		return fmt.Errorf("ensuring the workspace of %s: %w", bo, err)
	}
	verb := "Found"
	if created {
		verb = "Created"
	}
	fmt.Fprintf(out, "1. %s the %s workspace %q (node %d) of %s\n", verb, ws.TypeName, ws.Name, ws.ID, bo)

	folder, err := c.Nodes.ChildByName(ctx, ws.ID, "Contracts")
	if err != nil {
		return fmt.Errorf("the workspace's \"Contracts\" folder: %w", err)
	}
	fmt.Fprintf(out, "2. Its \"Contracts\" folder is node %d\n", folder.ID)

	name, open, size, err := contract(cfg)
	if err != nil {
		return err
	}
	// The values are set by attribute name and checked against the
	// category before anything is sent: a typo fails here, not on the
	// server. The classification rides in the same create call.
	signed := time.Now().UTC().Truncate(24 * time.Hour)
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{
		ComputeSHA256: true,
		ParentID:      folder.ID, Name: name, MimeType: "application/pdf", Open: open, Size: size,
		Description: "signed contract from the sales portal, deal " + cfg.DealID,
		Values: []*xecm.CategoryValues{xecm.NewCategoryValues(cfg.CategoryID).
			Set("Deal ID", cfg.DealID).Set("Account Name", cfg.AccountName).Set("Signed Date", signed)},
		RMClassificationID: cfg.RMClassID,
		RecordDetails:      &xecm.RecordDetailsUpdate{RecordDate: &signed},
	})
	if errors.Is(err, xecm.ErrAlreadyExists) {
		return fmt.Errorf("%q is already filed in workspace %d: %w", name, ws.ID, err)
	}
	if err != nil {
		return fmt.Errorf("filing %q: %w", name, err)
	}
	doc := res.Node
	classified := ""
	if cfg.RMClassID != 0 {
		classified = " and its RM classification"
	}
	fmt.Fprintf(out, "3. Filed %q (node %d, %d bytes, SHA-256 %.12s…) with Deal ID %s, Account Name %s%s in one call\n",
		doc.Name, doc.ID, res.Size, res.SHA256, cfg.DealID, cfg.AccountName, classified)

	rec, err := c.Records.Get(ctx, doc.ID)
	if err != nil {
		return fmt.Errorf("reading the record details: %w", err)
	}
	if p, ok := rec.Primary(); ok {
		fmt.Fprintf(out, "4. Record: %s (file number %s), retention schedule %s, record date %s\n", p.Name, p.FileNumber, p.RSI, p.RecordDate.Format(time.DateOnly))
	}

	fmt.Fprintln(out, "5. Audit trail of the document:")
	for ev, err := range c.Audit.ListIter(ctx, doc.ID, &xecm.AuditListOptions{Ascending: true}) {
		if err != nil {
			return fmt.Errorf("reading the audit trail: %w", err)
		}
		fmt.Fprintf(out, "   %s  %-30s user %d\n", ev.Time.UTC().Format(time.RFC3339), ev.EventName, ev.UserID)
	}
	return nil
}

// contract returns the name, an opener and the size of the contract: the
// file given, or a small demo PDF. An opener makes the upload retryable;
// the SDK closes what it opens.
func contract(cfg Config) (string, func() (io.ReadCloser, error), int64, error) {
	if cfg.File == "" {
		pdf := fmt.Appendf(nil, "%%PDF-1.7\n%% Contract %s between %s and Example Inc., signed.\n%%%%EOF\n", cfg.DealID, cfg.AccountName)
		open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdf)), nil }
		return "Contract " + cfg.DealID + ".pdf", open, int64(len(pdf)), nil
	}
	fi, err := os.Stat(cfg.File)
	if err != nil {
		return "", nil, 0, err
	}
	open := func() (io.ReadCloser, error) { return os.Open(cfg.File) }
	return filepath.Base(cfg.File), open, fi.Size(), nil
}

// resolve finds the template and the category by name, unless given by ID,
// and says what it found.
func resolve(ctx context.Context, c *xecm.Client, cfg *Config, out io.Writer) error {
	if cfg.TemplateID == 0 {
		tpl, err := c.Workspaces.TemplateByName(ctx, cfg.WorkspaceType, "")
		if err != nil {
			return fmt.Errorf("finding the template of workspace type %q: %w", cfg.WorkspaceType, err)
		}
		cfg.TemplateID = tpl.ID
		fmt.Fprintf(out, "Workspace type %q: template %q (node %d)\n", cfg.WorkspaceType, tpl.Name, tpl.ID)
	}
	if cfg.CategoryID == 0 {
		cat, err := c.Metadata.CategoryByName(ctx, cfg.Category)
		if err != nil {
			return fmt.Errorf("finding the category %q: %w", cfg.Category, err)
		}
		cfg.CategoryID = cat.ID
		fmt.Fprintf(out, "Category %q: node %d\n", cfg.Category, cat.ID)
	}
	if cfg.RMClassID == 0 && cfg.RMClassPath != "" {
		cl, err := c.Records.ClassificationByPath(ctx, cfg.RMClassPath)
		if err != nil {
			return fmt.Errorf("finding the RM classification %q: %w", cfg.RMClassPath, err)
		}
		cfg.RMClassID = cl.ID
		fmt.Fprintf(out, "RM classification %q: node %d\n", cfg.RMClassPath, cl.ID)
	}
	return nil
}
