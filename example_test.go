package xecm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func ExampleNewClient() {
	c, err := xecm.NewClient("https://ecm.example.com/otcs/cs.exe",
		xecm.WithPassword("svc-crm", os.Getenv("ECM_PASSWORD")))
	if err != nil {
		log.Fatal(err)
	}
	node, err := c.Nodes.Get(context.Background(), 2000, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(node.Name)
}

func ExampleWithTokenSource() {
	// OAuth2 client credentials against OTDS; the token is exchanged for a
	// Content Server ticket.
	cc := clientcredentials.Config{
		ClientID:     "crm-integration",
		ClientSecret: os.Getenv("OTDS_CLIENT_SECRET"),
		TokenURL:     "https://otds.example.com/otdsws/oauth2/token",
	}
	c, err := xecm.NewClient("https://ecm.example.com/otcs/cs.exe",
		xecm.WithTokenSource(cc.TokenSource(context.Background()), xecm.ExchangeToken))
	if err != nil {
		log.Fatal(err)
	}
	_ = c
}

func ExampleAPIError() {
	// Content Server answers a duplicate name with 500; errors.Is reads the
	// message as well as the status.
	var err error = &xecm.APIError{StatusCode: 500, Method: "POST", Path: "/otcs/cs.exe/api/v2/nodes",
		Message: "An item with the name 'Contracts' already exists."}
	fmt.Println(errors.Is(err, xecm.ErrAlreadyExists), errors.Is(err, xecm.ErrNotFound))
	// Output: true false
}

// The examples below run against the in-process simulator (xecmtest).

func ExampleNodesService_ListChildrenIter() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	for _, name := range []string{"Invoices", "Contracts", "Archive"} {
		if _, err := c.Nodes.CreateFolder(ctx, 2000, name, nil); err != nil {
			log.Fatal(err)
		}
	}
	for node, err := range c.Nodes.ListChildrenIter(ctx, 2000, &xecm.NodeListOptions{Sort: "asc_name"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(node.Name)
	}
	// Output:
	// Archive
	// Contracts
	// Invoices
}

func ExampleDocumentsService_Upload() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx := context.Background()
	deal := xecm.NewCategoryValues(xecmtest.ContractCategoryID).
		Set("Deal ID", "D-1042").
		Set("Account Name", "Globex")
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{
		ComputeSHA256:      true,
		ParentID:           2000,
		Name:               "MSA Globex.pdf",
		MimeType:           "application/pdf",
		Content:            strings.NewReader("%PDF-1.7 ..."),
		Values:             []*xecm.CategoryValues{deal},
		RMClassificationID: xecmtest.RMClassContracts,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Node.Name, res.Size, res.SHA256[:16])
	// Output: MSA Globex.pdf 12 cd98c5bce101ab55
}

func ExampleWorkspacesService_Ensure() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	req := xecm.WorkspaceCreateRequest{
		TemplateID:     xecmtest.TemplateCustomer,
		BusinessObject: &xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "0015g00000ACME"},
	}
	for range 2 {
		ws, created, err := c.Workspaces.Ensure(context.Background(), req)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ws.Name, created)
	}
	// Output:
	// Customer 0015g00000ACME true
	// Customer 0015g00000ACME false
}
