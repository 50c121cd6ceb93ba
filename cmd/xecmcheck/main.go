// Command xecmcheck checks an Extended ECM (Content Server) against what
// the xecm SDK needs, capability by capability, and prints a table of what
// works, what fails (with the server's answer) and what was skipped (with
// why):
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=me ECM_PASSWORD=... \
//	  go run ./cmd/xecmcheck -parent 12345
//
// It is safe on a production server: everything it writes goes into one
// sandbox folder it creates under -parent (default: the user's Personal
// Workspace) and deletes at the end, also
// when a step fails or the run is interrupted (SIGINT); -read-only writes
// nothing at all. It never prints or records a secret. The exit status is
// 0 when every capability probed is ok, 1 when one failed or the run was
// interrupted, 2 for a usage error.
//
// Credentials come from the environment, as for the examples: ECM_USERNAME
// and ECM_PASSWORD (ECM_DOMAIN with domain support); OTDS_URL with
// ECM_USERNAME and ECM_PASSWORD for an OTDS login; OTDS_URL with
// OTDS_CLIENT_ID and OTDS_CLIENT_SECRET for OAuth2 client credentials
// (ECM_TOKEN_MODE=bearer sends the token instead of exchanging it); or a
// ticket obtained elsewhere in OTDS_TICKET or ECM_TICKET. With ECM_URL
// unset it runs against the embedded simulator and says so.
//
// -record DIR writes every exchange as one scrubbed JSON file, and
// -compare DIR replays a recording against the simulator and reports, per
// route, where the simulator's answers differ in shape: see the README's
// "Check your server".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
)

// The recordings of the simulator in testdata, which the comparison test
// replays, are made by the command itself; the altered copies are derived
// from them by the test. Run "go generate ./cmd/xecmcheck" after changing
// the simulator or the probe.
//go:generate go run . -record testdata/sim -regenerate
//go:generate go test -run TestAlteredRecordingsAreCaught -update .

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal stops the probe, which then deletes its
		// sandbox; a second one ends the program at once.
		<-sigs
		fmt.Fprintln(os.Stderr, "xecmcheck: interrupted: deleting the sandbox folder (interrupt again to quit at once, leaving it)")
		cancel()
		<-sigs
		os.Exit(exitFail)
	}()
	os.Exit(run(ctx, os.Args[1:], configFromEnv(), os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// flags are the command line.
type flags struct {
	opts        Options
	parent      string
	skip        string
	asJSON      bool
	record      string
	redactNames string
	compare     string
	idMap       map[string]string
	regenerate  bool
	timeout     time.Duration
}

func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	f := &flags{}
	fs := flag.NewFlagSet("xecmcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.parent, "parent", "", "ID of the folder the sandbox folder is created in (default: your Personal Workspace)")
	fs.BoolVar(&f.opts.ReadOnly, "read-only", false, "make no change at all: no sandbox, no uploads")
	fs.StringVar(&f.opts.Category, "category", "", "name of a category to find by name in the Categories Volume (or a path there, such as Legal/Contract)")
	fs.Int64Var(&f.opts.CategoryNodeID, "category-node", 0, "ID of a node that carries -category, to look it up there instead")
	fs.StringVar(&f.opts.WorkspaceType, "workspace-type", "", "name or ID of a workspace type to list the workspaces of (default: the first type)")
	fs.StringVar(&f.opts.Search, "search", "OTSubType:144", "query of the search probe (words or LQL)")
	fs.Int64Var(&f.opts.LargeSize, "large-size", 0, "bytes of the large-file upload (default: the server's smallest session size, at least 1 MiB)")
	fs.StringVar(&f.skip, "skip", "", "comma-separated capabilities not to probe: "+strings.Join(stepNames(), ","))
	fs.BoolVar(&f.asJSON, "json", false, "print the results as JSON")
	fs.StringVar(&f.record, "record", "", "write every exchange as a scrubbed JSON file in this directory")
	fs.StringVar(&f.redactNames, "redact-names", "", "comma-separated values to replace in recordings and output (user, customer and folder names)")
	fs.StringVar(&f.compare, "compare", "", "replay the recording in this directory against the simulator and report differences in shape")
	idMap := fs.String("map", "", "with -compare: RECORDED=SIMULATOR ID pairs for IDs the recording was given, not answered (such as -parent)")
	fs.BoolVar(&f.regenerate, "regenerate", false, "with -record against the simulator: empty the directory first (go generate uses it)")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Minute, "bound on the whole run")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	var err error
	if f.idMap, err = parseIDMap(*idMap); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if f.parent != "" {
		id, err := strconv.ParseInt(f.parent, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("-parent %q is not a node ID", f.parent)
		}
		f.opts.ParentID = id
	}
	if f.opts.LargeSize != 0 && f.opts.LargeSize < minLargeSize {
		return nil, fmt.Errorf("-large-size must be at least %d bytes", minLargeSize)
	}
	known := map[string]bool{}
	for _, n := range stepNames() {
		known[n] = true
	}
	f.opts.Skip = map[string]bool{}
	for _, n := range splitList(f.skip) {
		if !known[n] {
			return nil, fmt.Errorf("-skip %q: no such capability (known: %s)", n, strings.Join(stepNames(), ", "))
		}
		f.opts.Skip[n] = true
	}
	return f, nil
}

// displayURL drops what a URL should not show: user info and query.
func displayURL(s string) string {
	u, err := neturl.Parse(s)
	if err != nil {
		return "(invalid URL)"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

// hostNames returns the host names (with and without port) of the URLs.
func hostNames(urls ...string) []string {
	var out []string
	for _, s := range urls {
		if u, err := neturl.Parse(s); err == nil && u.Host != "" {
			out = append(out, u.Host, u.Hostname())
		}
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, cfg serverConfig, stdout, stderr io.Writer) int {
	f, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "xecmcheck:", err)
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	if f.compare != "" {
		return runCompare(ctx, f, stdout, stderr)
	}
	rep, err := check(ctx, f, cfg, stderr)
	if rep.Results != nil {
		// The run happened: its results are shown even when, say, the
		// recording could not be written.
		write := writeTable
		if f.asJSON {
			write = func(w io.Writer, rep Report) error { return writeJSON(w, rep) }
		}
		err = errors.Join(err, write(stdout, rep))
	}
	if err != nil {
		fmt.Fprintln(stderr, "xecmcheck:", err)
		return exitFail
	}
	if !rep.OK {
		return exitFail
	}
	return exitOK
}

// check connects as cfg says (or starts the simulator), probes and
// returns the report.
func check(ctx context.Context, f *flags, cfg serverConfig, stderr io.Writer) (Report, error) {
	redactor := newScrubber(splitList(f.redactNames))
	url := cfg.URL
	var cred xecm.Option
	var mode authMode
	if url == "" {
		sim, err := startSimulator(ctx)
		if err != nil {
			return Report{}, err
		}
		defer sim.Close()
		url, cred, mode = sim.URL, xecm.WithPassword(simUser, simPassword), authPassword
		redactor.addSecrets(simPassword)
		sim.defaults(&f.opts)
		fmt.Fprintf(stderr, "ECM_URL is not set: checking the embedded Extended ECM simulator at %s (user %s)\n", url, simUser)
	} else {
		var secrets []string
		var err error
		cred, mode, secrets, err = cfg.credential(ctx)
		if err != nil {
			return Report{}, err
		}
		redactor.addSecrets(secrets...)
	}
	if f.regenerate && cfg.URL != "" {
		return Report{}, errors.New("-regenerate rewrites the simulator's recordings: unset ECM_URL")
	}
	f.opts.Mode = mode
	var rec *recorder
	wrap := func(rt http.RoundTripper) http.RoundTripper { return rt }
	if f.record != "" {
		var err error
		// Recordings leave the building: they also lose the server's
		// host names, which the table keeps.
		recScrub := newScrubber(splitList(f.redactNames))
		recScrub.addSecrets(redactor.secretValues()...)
		recScrub.addSecrets(hostNames(url, cfg.OTDSURL)...)
		if rec, err = newRecorder(f.record, recScrub, f.regenerate); err != nil {
			return Report{}, err
		}
		wrap = rec.wrap
	}
	p, err := newProbe(url, cred, f.opts, wrap, redactor.scrubText)
	if err != nil {
		return Report{}, err
	}
	results := p.run(ctx)
	rep := Report{Server: redactor.scrubText(displayURL(url)), ReadOnly: f.opts.ReadOnly, Results: results, OK: allOK(results), Interrupted: interrupted(results)}
	if rec != nil {
		if err := rec.finish(); err != nil {
			return rep, err
		}
		fmt.Fprintf(stderr, "recorded %d exchanges in %s\n", rec.count(), f.record)
	}
	return rep, nil
}
