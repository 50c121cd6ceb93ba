// Command quickstart is the first thing to run: it connects to Extended ECM
// (or, with ECM_URL unset, to the embedded simulator), logs in, creates a
// folder and lists the Enterprise Workspace, saying what it does.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, exampleenv.FromEnv(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg exampleenv.Config, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	env, err := exampleenv.Connect(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client

	info, err := c.ServerInfo(ctx)
	if err != nil {
		return fmt.Errorf("logging in: %w", err)
	}
	fmt.Fprintf(out, "1. Logged in to Content Server %s\n", info.Server.Version)

	name := "xecm quickstart " + time.Now().UTC().Format("2006-01-02 15.04.05")
	folder, err := c.Nodes.CreateFolder(ctx, 2000, name, &xecm.FolderCreateOptions{Description: "created by the xecm quickstart"})
	if err != nil {
		return fmt.Errorf("creating a folder: %w", err)
	}
	fmt.Fprintf(out, "2. Created folder %q (node %d) in the Enterprise Workspace\n", folder.Name, folder.ID)

	fmt.Fprintln(out, "3. The Enterprise Workspace holds:")
	n := 0
	for node, err := range c.Nodes.ListChildrenIter(ctx, 2000, &xecm.NodeListOptions{Sort: "asc_name"}) {
		if err != nil {
			return fmt.Errorf("listing the Enterprise Workspace: %w", err)
		}
		n++
		fmt.Fprintf(out, "   - %-40s %-14s node %d\n", node.Name, node.TypeName, node.ID)
	}
	fmt.Fprintf(out, "Done: %d item(s) listed.\n", n)
	return nil
}
