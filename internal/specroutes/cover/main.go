// Command cover prints, per vendor spec and area, how many operations the
// SDK calls and how many the simulator serves.
//
//	go run ./internal/specroutes/cover          # table for the terminal
//	go run ./internal/specroutes/cover -md      # the README's table
//	go run ./internal/specroutes/cover -list    # every operation called
//
// Nothing is counted from a hand-kept list: the command runs the tests of
// the module root and of xecmtest with XECM_COVERAGE_LOG set; the shared
// simulator helper of the SDK's tests (startSim in sim_helpers_test.go,
// through internal/simcheck) appends every request the SDK sent to the
// simulator, and xecmtest's TestSimulatorRoutesAreInTheSpecs the routes the
// simulator serves. An
// operation counts as called when an SDK method sent it in an integration
// test that is held to the specs; a test's own raw probes (other
// User-Agent) and Client.Do calls are left out. With -log the command
// reads a log written earlier instead of running the tests.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"text/tabwriter"

	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/internal/specroutes/specgen"
)

func main() {
	md := flag.Bool("md", false, "print the table as Markdown (for the README)")
	list := flag.Bool("list", false, "also list every operation called")
	logFile := flag.String("log", "", "read this coverage log instead of running the tests")
	flag.Parse()
	if err := run(os.Stdout, *logFile, *md, *list); err != nil {
		fmt.Fprintln(os.Stderr, "cover:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, logFile string, md, list bool) error {
	if logFile == "" {
		dir, err := os.MkdirTemp("", "xecm-cover")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		logFile = filepath.Join(dir, "coverage.log")
		if err := runTests(logFile); err != nil {
			return err
		}
	}
	f, err := os.Open(logFile)
	if err != nil {
		return err
	}
	defer f.Close()
	l, err := specroutes.ReadCoverageLog(f)
	if err != nil {
		return err
	}
	if len(l.Served) == 0 {
		return errors.New("the log names no route the simulator serves: did TestSimulatorRoutesAreInTheSpecs run?")
	}
	cov := specroutes.Compute(l)
	if md {
		printMarkdown(w, cov)
	} else {
		printTable(w, cov)
	}
	if list {
		fmt.Fprintln(w)
		for _, op := range cov.CalledOps {
			fmt.Fprintln(w, op)
		}
	}
	if len(cov.Unmatched) > 0 {
		return fmt.Errorf("routes that match no operation: %q", cov.Unmatched)
	}
	return nil
}

// runTests runs the tests of the module root (the SDK's calls) and of
// xecmtest (the routes the simulator serves) with the coverage log enabled. A
// failing test fails the report: what it would count is not known to work.
func runTests(logFile string) error {
	root, err := specgen.ModuleRoot()
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "test", "-count=1", ".", "./xecmtest")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), specroutes.CoverageLogEnv+"="+logFile)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go test: %w", err)
	}
	return nil
}

func printTable(w io.Writer, cov specroutes.Coverage) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "spec\tarea\toperations\tSDK calls\tsimulator serves\t")
	for _, a := range cov.Areas {
		if a.Called == 0 && a.Served == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t\n", a.Spec, a.Area, a.Total, a.Called, a.Served)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t")
	all := specroutes.AreaCoverage{Spec: "all"}
	for _, t := range cov.Totals() {
		fmt.Fprintf(tw, "%s\t(all areas)\t%d\t%d\t%d\t\n", t.Spec, t.Total, t.Called, t.Served)
		all.Total, all.Called, all.Served = all.Total+t.Total, all.Called+t.Called, all.Served+t.Served
	}
	fmt.Fprintf(tw, "all\t\t%d\t%d\t%d\t\n", all.Total, all.Called, all.Served)
	tw.Flush()
}

func printMarkdown(w io.Writer, cov specroutes.Coverage) {
	names := map[string]string{"cs": "Content Server", "bw": "Business Workspaces", "rm": "Records Management", "ref": "Supplements (no spec)"}
	fmt.Fprintln(w, "| Spec | Operations | SDK calls | Simulator serves |")
	fmt.Fprintln(w, "|---|--:|--:|--:|")
	var all specroutes.AreaCoverage
	for _, t := range cov.Totals() {
		fmt.Fprintf(w, "| %s | %d | %d | %d |\n", names[t.Spec], t.Total, t.Called, t.Served)
		all.Total, all.Called, all.Served = all.Total+t.Total, all.Called+t.Called, all.Served+t.Served
	}
	fmt.Fprintf(w, "| **All** | %d | %d | %d |\n\n", all.Total, all.Called, all.Served)
	fmt.Fprintln(w, "| Spec | Area | Operations | SDK calls | Simulator serves |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|")
	for _, a := range cov.Areas {
		if a.Called == 0 && a.Served == 0 {
			continue
		}
		fmt.Fprintf(w, "| %s | `%s` | %d | %d | %d |\n", a.Spec, a.Area, a.Total, a.Called, a.Served)
	}
}
