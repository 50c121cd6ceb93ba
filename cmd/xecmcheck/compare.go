package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// parseIDMap reads -map: "recorded=simulator" pairs, comma-separated.
func parseIDMap(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range splitList(s) {
		rec, sim, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(rec) == "" || strings.TrimSpace(sim) == "" {
			return nil, fmt.Errorf("-map %q: want RECORDED=SIMULATOR pairs, such as 12345=2000", pair)
		}
		out[strings.TrimSpace(rec)] = strings.TrimSpace(sim)
	}
	return out, nil
}

// runCompare replays the recording in f.compare against a fresh, seeded
// simulator and prints the differences per route. The exit status is 0
// when the simulator answered every request in the recorded shape.
func runCompare(ctx context.Context, f *flags, stdout, stderr io.Writer) int {
	exchanges, err := readRecording(f.compare)
	if err != nil {
		fmt.Fprintln(stderr, "xecmcheck:", err)
		return exitUsage
	}
	sim, err := startSimulator(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "xecmcheck:", err)
		return exitFail
	}
	defer sim.Close()
	cmp, err := compareRecording(ctx, sim.URL, simUser, simPassword, exchanges, f.idMap)
	if err != nil {
		fmt.Fprintln(stderr, "xecmcheck:", err)
		return exitFail
	}
	if f.asJSON {
		err = writeJSON(stdout, cmp)
	} else {
		err = writeComparison(stdout, f.compare, cmp)
	}
	if err != nil {
		fmt.Fprintln(stderr, "xecmcheck:", err)
		return exitFail
	}
	if cmp.Differences() > 0 {
		return exitFail
	}
	return exitOK
}

// writeComparison prints one line per route, then the differences of
// each route that has some.
func writeComparison(w io.Writer, dir string, cmp *Comparison) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUTE\tREPLAYED\tDIFFERENCES")
	for _, r := range cmp.Routes {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", r.Route, r.Replayed, len(r.Differences))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range cmp.Routes {
		if len(r.Differences) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", r.Route)
		for _, d := range r.Differences {
			fmt.Fprintf(w, "  - %s\n", d)
		}
	}
	if len(cmp.NotReplayed) > 0 {
		fmt.Fprintf(w, "\nnot replayed (outside the REST API): %s\n", strings.Join(cmp.NotReplayed, ", "))
	}
	if len(cmp.UnmappedIDs) > 0 {
		fmt.Fprintf(w, "\nIDs of the recorded server the simulator does not know, in requests answered otherwise: %s\n"+
			"(tie them to simulator IDs with -map RECORDED=SIMULATOR,...)\n", strings.Join(cmp.UnmappedIDs, ", "))
	}
	verdict := "the simulator answers in the recorded shape"
	if n := cmp.Differences(); n > 0 {
		verdict = fmt.Sprintf("%d differences", n)
	}
	_, err := fmt.Fprintf(w, "\n%s: %d routes, %s\n", dir, len(cmp.Routes), verdict)
	return err
}
