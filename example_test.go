package xecm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/xecm-go/xecm"
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
