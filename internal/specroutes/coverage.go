package specroutes

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
)

// Area names the part of the API an operation belongs to: the first path
// segment after the version ("members", "businessworkspaces"), and for the
// many node operations also the first literal segment after the node
// placeholder ("nodes/categories", "nodes/versions"), so that the large
// "nodes" family is not one row.
func Area(o Operation) string {
	segs := splitPath(o.Path)
	if len(segs) < 2 {
		return strings.Join(segs, "/")
	}
	area := segs[1]
	if area == "nodes" {
		for _, s := range segs[2:] {
			if !isPlaceholder(s) {
				return area + "/" + s
			}
		}
	}
	return area
}

// CoverageLog is what a coverage run records: the operations the SDK's
// integration tests sent to the simulator and the routes the simulator
// serves, each as "METHOD /path" (a concrete path or a template).
//
// Lines are "called METHOD PATH" or "served METHOD PATH"; ReadCoverageLog
// parses them, so that the test run and the report agree on one format.
type CoverageLog struct {
	Called []string
	Served []string
}

// ReadCoverageLog parses a coverage log written by the test helpers. An
// unknown kind of line is an error, so that a change of format cannot make
// lines silently drop out of the count.
func ReadCoverageLog(r io.Reader) (CoverageLog, error) {
	var l CoverageLog
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		kind, route, _ := strings.Cut(line, " ")
		switch kind {
		case "called":
			l.Called = append(l.Called, route)
		case "served":
			l.Served = append(l.Served, route)
		default:
			return l, fmt.Errorf("specroutes: coverage log line %d: unknown kind %q", n, kind)
		}
	}
	return l, sc.Err()
}

// CoverageLogEnv names the environment variable that holds the path of the
// coverage log; the coverage report sets it for the test run it reads.
const CoverageLogEnv = "XECM_COVERAGE_LOG"

// coverageMu serialises appends from the tests of one process.
var coverageMu sync.Mutex

// AppendCoverageLog appends routes of kind ("called" or "served") to the
// coverage log named by CoverageLogEnv. Without it set, it does nothing.
func AppendCoverageLog(kind string, routes []string) error {
	name := os.Getenv(CoverageLogEnv)
	if name == "" || len(routes) == 0 {
		return nil
	}
	if kind != "called" && kind != "served" {
		return fmt.Errorf("specroutes: coverage log: unknown kind %q", kind)
	}
	var b strings.Builder
	for _, r := range routes {
		b.WriteString(kind + " " + r + "\n")
	}
	coverageMu.Lock()
	defer coverageMu.Unlock()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(b.String())
	return errors.Join(err, f.Close())
}

// AreaCoverage counts the operations of one spec and area.
type AreaCoverage struct {
	Spec   string // "cs", "bw", "rm" or "ref" (Supplements)
	Area   string // see Area
	Total  int    // operations the spec declares in this area
	Called int    // of those, operations the SDK called in the tests
	Served int    // of those, operations the simulator serves
}

// Coverage holds the counts of a coverage run.
type Coverage struct {
	// Areas is sorted by spec (cs, bw, rm, ref) and then area.
	Areas []AreaCoverage
	// Unmatched lists called or served routes that match no operation.
	Unmatched []string
	// CalledOps lists every operation called, as Operation.String gives it.
	CalledOps []string
}

// Totals sums Areas per spec, in the order of Areas.
func (c Coverage) Totals() []AreaCoverage {
	var out []AreaCoverage
	for _, a := range c.Areas {
		if len(out) == 0 || out[len(out)-1].Spec != a.Spec {
			out = append(out, AreaCoverage{Spec: a.Spec})
		}
		t := &out[len(out)-1]
		t.Total += a.Total
		t.Called += a.Called
		t.Served += a.Served
	}
	return out
}

// Compute matches the log's routes to operations (see Match) and counts
// them per spec and area. An operation called or served many times counts
// once.
func Compute(l CoverageLog) Coverage {
	ix := getIndex()
	type key struct{ spec, area string }
	counts := map[key]*AreaCoverage{}
	at := func(o Operation) *AreaCoverage {
		k := key{o.Spec, Area(o)}
		if counts[k] == nil {
			counts[k] = &AreaCoverage{Spec: o.Spec, Area: k.area}
		}
		return counts[k]
	}
	for _, o := range ix.all {
		at(o).Total++
	}
	var cov Coverage
	unmatched := map[string]bool{}
	mark := func(routes []string, add func(*AreaCoverage), calledOps *[]string) {
		seen := map[string]bool{}
		for _, r := range routes {
			method, path, _ := strings.Cut(r, " ")
			o, ok := Match(method, path)
			if !ok {
				unmatched[r] = true
				continue
			}
			if seen[o.String()] {
				continue
			}
			seen[o.String()] = true
			add(at(o))
			if calledOps != nil {
				*calledOps = append(*calledOps, o.String())
			}
		}
	}
	mark(l.Called, func(a *AreaCoverage) { a.Called++ }, &cov.CalledOps)
	mark(l.Served, func(a *AreaCoverage) { a.Served++ }, nil)
	for _, a := range counts {
		cov.Areas = append(cov.Areas, *a)
	}
	order := map[string]int{"cs": 0, "bw": 1, "rm": 2, "ref": 3}
	sort.Slice(cov.Areas, func(i, j int) bool {
		a, b := cov.Areas[i], cov.Areas[j]
		if a.Spec != b.Spec {
			return order[a.Spec] < order[b.Spec]
		}
		return a.Area < b.Area
	})
	for r := range unmatched {
		cov.Unmatched = append(cov.Unmatched, r)
	}
	sort.Strings(cov.Unmatched)
	sort.Strings(cov.CalledOps)
	return cov
}
