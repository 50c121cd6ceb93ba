package pagetest

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// browserTimeout bounds one page load and screenshot: generous, for a
// loaded two-core CI machine.
const browserTimeout = 2 * time.Minute

// Browser is a headless Chromium binary.
type Browser struct{ path string }

// Chromium finds Debian's chromium (or CHROMIUM, a path). Without it the
// test skips with the reason, except when XECM_CI=1, where it fails:
// .ci/run installs it.
func Chromium(t testing.TB) *Browser {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("XECM_CI") == "1" {
			t.Fatal("chromium not found, and XECM_CI=1 makes that a failure (.ci/run installs it)")
		}
		t.Skip("chromium not found: skipping the browser test (apt-get install chromium, or run .ci/run)")
	}
	return &Browser{path: path}
}

// Shot is what the browser made of a page.
type Shot struct {
	Image image.Image
	// Console holds the messages the page wrote to the console, including
	// uncaught errors and refused resources (Chromium logs them all at
	// one level on the command line: any is a failure for these pages).
	Console []string
}

// consoleLine is how Chromium's log (--enable-logging=stderr) reports a
// console message: [pid:tid:date:INFO:CONSOLE:line] "text", source: url (line).
var consoleLine = regexp.MustCompile(`:CONSOLE[:(]\d+\)?\] (.*)`)

// Open loads url in a fresh headless Chromium (its own profile in a
// temporary directory), waits for the load event, and returns the
// screenshot and the console messages. With XECM_SCREENSHOTS set to a
// directory, the screenshot is also kept there as name.png, to look at.
func (b *Browser) Open(t testing.TB, name, url string) Shot {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.path,
		// What running as root in a container needs, and nothing that
		// reaches out to the network on its own.
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--enable-logging=stderr", "--v=0",
		"--hide-scrollbars", "--window-size=1200,900", "--screenshot="+file, url)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pagetest: chromium %s: %v\n%s", url, err, out)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("pagetest: chromium wrote no screenshot of %s: %v\n%s", url, err, out)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("pagetest: screenshot of %s: %v", url, err)
	}
	if keep := os.Getenv("XECM_SCREENSHOTS"); keep != "" {
		if b, err := os.ReadFile(file); err == nil {
			_ = os.WriteFile(filepath.Join(keep, name+".png"), b, 0o644)
		}
	}
	var console []string
	for line := range strings.Lines(string(out)) {
		if m := consoleLine.FindStringSubmatch(line); m != nil {
			console = append(console, strings.TrimSpace(m[1]))
		}
	}
	return Shot{Image: img, Console: console}
}

// Colours counts the distinct colours of the screenshot, up to limit: a
// blank page has one.
func (s Shot) Colours(limit int) int {
	seen := map[[4]uint32]bool{}
	r := s.Image.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c0, c1, c2, c3 := s.Image.At(x, y).RGBA()
			seen[[4]uint32{c0, c1, c2, c3}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}
