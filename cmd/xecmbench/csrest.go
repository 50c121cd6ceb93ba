package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

//go:embed csrest_browse.js
var csrestScript []byte

// csrestDir is where the conformance program installs @kweli/cs-rest.
var csrestDir = "conformance/csrest"

// csrestProc is the Node client cs-rest, running in a process of its own
// for the whole of one server's measurements, so that its rounds take
// turns with the Go clients' on the same server.
type csrestProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Scanner
	script string
}

// csrestLine is one answer of csrest_browse.js.
type csrestLine struct {
	Ready bool    `json:"ready"`
	MS    float64 `json:"ms"`
	Skip  string  `json:"skip"`
	Error string  `json:"error"`
}

// startCsrest starts cs-rest under Node against base; it returns why it
// did not when Node or cs-rest is not at hand.
func startCsrest(ctx context.Context, base, ticket string, parent int64) (*csrestProc, string) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, "node is not on PATH"
	}
	dir, err := filepath.Abs(csrestDir)
	if err != nil {
		return nil, err.Error()
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return nil, "no conformance program at " + csrestDir + " (-csrest names another folder)"
	}
	f, err := os.CreateTemp("", "xecmbench-csrest-*.js")
	if err != nil {
		return nil, err.Error()
	}
	script := f.Name()
	_, err = f.Write(csrestScript)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	p := &csrestProc{script: script}
	if err != nil {
		p.close()
		return nil, err.Error()
	}
	p.cmd = exec.CommandContext(ctx, node, script, dir, base, ticket, strconv.FormatInt(parent, 10), strconv.Itoa(browseChildren))
	p.cmd.Stderr = os.Stderr
	if p.stdin, err = p.cmd.StdinPipe(); err == nil {
		var stdout io.Reader
		if stdout, err = p.cmd.StdoutPipe(); err == nil {
			p.out = bufio.NewScanner(stdout)
			err = p.cmd.Start()
		}
	}
	if err != nil {
		p.close()
		return nil, "cannot start node: " + err.Error()
	}
	l, err := p.read()
	switch {
	case err != nil:
		p.close()
		return nil, "cs-rest did not start: " + err.Error()
	case l.Skip != "":
		p.close()
		return nil, l.Skip
	case !l.Ready:
		p.close()
		return nil, "cs-rest did not say it was ready"
	}
	return p, ""
}

func (p *csrestProc) read() (csrestLine, error) {
	var l csrestLine
	if !p.out.Scan() {
		if err := p.out.Err(); err != nil {
			return l, err
		}
		return l, io.ErrUnexpectedEOF
	}
	if err := json.Unmarshal(p.out.Bytes(), &l); err != nil {
		return l, fmt.Errorf("%w: %q", err, p.out.Bytes())
	}
	return l, nil
}

// listings lists once to warm up, then reps times, and returns the time
// per listing.
func (p *csrestProc) listings(limit, reps int) (time.Duration, error) {
	if _, err := fmt.Fprintf(p.stdin, "%d %d\n", limit, reps); err != nil {
		return 0, err
	}
	l, err := p.read()
	switch {
	case err != nil:
		return 0, err
	case l.Error != "":
		return 0, fmt.Errorf("cs-rest: %s", l.Error)
	}
	return time.Duration(l.MS * float64(time.Millisecond)), nil
}

// close ends the Node process (closing its input lets it exit) and
// removes the script.
func (p *csrestProc) close() {
	if p.stdin != nil {
		_ = p.stdin.Close()
	}
	if p.cmd != nil && p.cmd.Process != nil {
		_ = p.cmd.Wait()
	}
	_ = os.Remove(p.script)
}
