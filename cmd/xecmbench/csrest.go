package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed csrest_browse.js
var csrestScript []byte

// csrestDir is where the conformance program installs @kweli/cs-rest.
var csrestDir = "conformance/csrest"

// csrestBrowse runs the browse workload through cs-rest under Node. It
// returns the best time per listing, or why it was skipped.
func csrestBrowse(ctx context.Context, base string, limit, reps int) (time.Duration, string) {
	node, err := exec.LookPath("node")
	if err != nil {
		return 0, "node is not on PATH"
	}
	dir, err := filepath.Abs(csrestDir)
	if err != nil {
		return 0, err.Error()
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return 0, "no conformance program at " + csrestDir + " (-csrest names another folder)"
	}
	script := filepath.Join(os.TempDir(), "xecmbench-csrest-browse.js")
	if err := os.WriteFile(script, csrestScript, 0o600); err != nil {
		return 0, err.Error()
	}
	defer os.Remove(script)
	cmd := exec.CommandContext(ctx, node, script, dir, base, strconv.Itoa(browseParent), strconv.Itoa(browseChildren),
		strconv.Itoa(limit), strconv.Itoa(reps), strconv.Itoa(max(rounds, 1)))
	cmd.Stderr = os.Stderr
	out, runErr := cmd.Output()
	var res struct {
		MS    float64 `json:"ms"`
		Skip  string  `json:"skip"`
		Error string  `json:"error"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(out))), &res); err != nil {
		return 0, fmt.Sprintf("cs-rest run failed (%v): %q", runErr, out)
	}
	switch {
	case res.Skip != "":
		return 0, res.Skip
	case res.Error != "":
		return 0, "cs-rest failed: " + res.Error
	}
	return time.Duration(res.MS * float64(time.Millisecond)), ""
}
