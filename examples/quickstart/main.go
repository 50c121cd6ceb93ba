// Command quickstart tells the whole story of the SDK in one run: a CRM
// account gets its customer workspace, a signed contract is filed into it
// with its deal metadata and retention classification, the signed
// document.created callback arrives, the approval workflow runs, the final
// approval triggers invoice processing in another system, a portal serves
// the approved contract to readers without ECM access, and a compliance
// summary is printed.
//
//	go run ./examples/quickstart
//
// With ECM_URL unset it runs on the embedded simulator with its demo data.
// Against a real server, set ECM_URL, ECM_USERNAME and ECM_PASSWORD and the
// QUICKSTART_* variables of the Story type's fields (template, categories,
// classification, approval map, and the reviewer's and approver's logins).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

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
	story, err := storyFor(env)
	if err != nil {
		return err
	}
	return story.tell(ctx, out)
}
