package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is what -json prints: the server, the results and the verdict.
type Report struct {
	Server   string   `json:"server"`
	ReadOnly bool     `json:"read_only"`
	Results  []Result `json:"results"`
	// OK is true when no capability failed and the run was not
	// interrupted (the exit status is then 0).
	OK bool `json:"ok"`
	// Interrupted tells that the run was stopped (SIGINT, -timeout)
	// before every capability was probed.
	Interrupted bool `json:"interrupted,omitempty"`
}

// writeTable prints the results as an aligned table, one line per
// capability, then a summary line.
func writeTable(w io.Writer, rep Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CAPABILITY\tRESULT\tTIME\tDETAIL")
	counts := map[Status]int{}
	for _, r := range rep.Results {
		counts[r.Status]++
		took := "-"
		if r.Duration > 0 {
			took = fmt.Sprintf("%.1fms", float64(r.Duration)/float64(time.Millisecond))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Capability, r.Status, took, oneLine(r.Detail))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verdict := "everything probed works"
	switch {
	case counts[StatusFailed] > 0:
		verdict = "some capabilities failed"
	case rep.Interrupted:
		verdict = "the run was interrupted"
	}
	_, err := fmt.Fprintf(w, "\n%s: %d ok, %d failed, %d skipped (%s)\n", rep.Server,
		counts[StatusOK], counts[StatusFailed], counts[StatusSkipped], verdict)
	return err
}

// oneLine keeps a detail on its table line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// writeJSON prints a report as one indented JSON document.
func writeJSON(w io.Writer, rep any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
