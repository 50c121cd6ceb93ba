// Command gen writes internal/specroutes/routes_gen.go from OpenText's vendor
// OpenAPI specs. Run it through `go generate ./internal/specroutes` from the
// repository root.
//
// By default the specs are read from the shared/spec folder beside the
// repository (<module root>/../shared/spec) and the table is written to
// <module root>/internal/specroutes/routes_gen.go, wherever the command runs.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xecm-go/xecm/internal/specroutes/specgen"
)

func main() {
	spec := flag.String("spec", "", "directory holding the vendor specs (default <module root>/../shared/spec)")
	out := flag.String("out", "", "output file (default <module root>/internal/specroutes/routes_gen.go)")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "specroutes/gen:", err)
		os.Exit(1)
	}
}

func run(spec, out string) error {
	if spec == "" || out == "" {
		root, err := specgen.ModuleRoot()
		if err != nil {
			return fmt.Errorf("%w; pass -spec and -out", err)
		}
		if spec == "" {
			spec = filepath.Join(root, "..", "shared", "spec")
		}
		if out == "" {
			out = filepath.Join(root, "internal", "specroutes", "routes_gen.go")
		}
	}
	ops, err := specgen.Load(spec)
	if err != nil {
		return err
	}
	src, err := specgen.Source(ops)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, src, 0o644); err != nil {
		return err
	}
	fmt.Printf("specroutes/gen: wrote %d operations (%d bytes) to %s\n", len(ops), len(src), out)
	return nil
}
