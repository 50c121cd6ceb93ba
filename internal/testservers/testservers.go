// Package testservers starts real Redis and PostgreSQL servers for tests,
// on free loopback ports in temporary directories, and stops them when the
// test ends. Without the binaries a test skips with the reason, except
// when XECM_CI=1 (CI), where a missing server is a failure.
package testservers

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// readyTimeout bounds how long a server may take to say it is ready.
const readyTimeout = 60 * time.Second

// missing skips t, or fails it under XECM_CI=1.
func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("XECM_CI") == "1" {
		t.Fatalf("%s not found, and XECM_CI=1 makes that a failure (.ci/run installs it)", what)
	}
	t.Skipf("%s not found: skipping (install it, or run .ci/run)", what)
}

// freePort returns a loopback port nothing listens on at the moment. It
// is drawn below Linux's ephemeral range (32768-60999 by default), from
// which both "listen on port 0" and outgoing connections take theirs: a
// port from that range, freed here, could be taken by any test's client
// connection before the server binds it (seen as "Address already in use"
// under a loaded full run).
func freePort(t testing.TB) int {
	t.Helper()
	for range 100 {
		port := 20000 + rand.IntN(12000)
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			continue // taken: draw again
		}
		_ = l.Close()
		return port
	}
	t.Fatalf("testservers: no free loopback port in 20000-31999 after 100 draws")
	return 0
}

// process is a server process whose output is watched for a line saying
// it is ready.
type process struct {
	name string
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	log  strings.Builder // its output, for failure messages
}

// start runs cmd and waits until a line of its output contains ready.
func (p *process) start(t testing.TB, cmd *exec.Cmd, ready string) {
	t.Helper()
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatalf("testservers: starting %s: %v", p.name, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		_ = pw.Close()
		close(done)
	}()
	readyc := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		signalled := false
		for sc.Scan() {
			p.mu.Lock()
			p.log.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if !signalled && strings.Contains(sc.Text(), ready) {
				signalled = true
				close(readyc)
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	select {
	case <-readyc:
	case <-done:
		t.Fatalf("testservers: %s exited before it was ready:\n%s", p.name, p.output())
	case <-time.After(readyTimeout):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("testservers: %s not ready after %s:\n%s", p.name, readyTimeout, p.output())
	}
	p.mu.Lock()
	p.cmd, p.done = cmd, done
	p.mu.Unlock()
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// stop signals the process with sig and waits until it exited. It does
// nothing if the process is not running.
func (p *process) stop(sig os.Signal) {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.cmd = nil
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(readyTimeout):
		_ = cmd.Process.Kill()
		<-done
	}
}

// findBinary looks for name on PATH, then in the directories of dirs
// (glob patterns).
func findBinary(name string, dirs ...string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, pattern := range dirs {
		matches, _ := globSorted(pattern + "/" + name)
		if len(matches) > 0 {
			return matches[len(matches)-1] // the newest version
		}
	}
	return ""
}

func errorf(format string, args ...any) error { return fmt.Errorf("testservers: "+format, args...) }
