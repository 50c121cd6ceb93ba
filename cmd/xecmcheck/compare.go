package main

import (
	"context"
	"fmt"
	"io"
)

// runCompare replays a recording against the simulator.
func runCompare(_ context.Context, dir string, _, stderr io.Writer) int {
	fmt.Fprintf(stderr, "xecmcheck: -compare %s: replaying recordings is not built yet\n", dir)
	return exitUsage
}
