package testservers

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"testing"
)

// Postgres is a PostgreSQL server started for a test.
type Postgres struct {
	// DSN is its connection string (database postgres, user postgres, no
	// password: trust authentication on loopback).
	DSN string

	t    testing.TB
	bin  string // the postgres binary
	data string
	port int
	cred *syscall.Credential
	proc process
}

// pgDirs are where Debian installs the PostgreSQL binaries, off PATH.
var pgDirs = []string{"/usr/lib/postgresql/*/bin"}

// StartPostgres creates a cluster in a temporary directory with initdb,
// starts it on a free loopback port and stops it when t ends. Running as
// root, which initdb and postgres refuse, it runs them as the user
// postgres (or nobody) and gives them the directory.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	initdb := findBinary("initdb", pgDirs...)
	if initdb == "" {
		missing(t, "PostgreSQL (initdb)")
	}
	bin := filepath.Join(filepath.Dir(initdb), "postgres")
	if _, err := os.Stat(bin); err != nil {
		missing(t, "PostgreSQL (postgres beside "+initdb+")")
	}
	// Not t.TempDir: its parents are private to root, where postgres could
	// not reach its directory.
	dir, err := os.MkdirTemp("", "xecm-pg-")
	if err != nil {
		t.Fatal(errorf("temporary directory: %v", err))
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	cred, err := unprivileged(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := &Postgres{t: t, bin: bin, data: filepath.Join(dir, "data"), port: freePort(t), cred: cred,
		proc: process{name: "postgres"}}
	cmd := exec.Command(initdb, "-D", p.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--no-sync", "--no-instructions")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatal(errorf("initdb: %v\n%s", err, out))
	}
	p.DSN = "postgres://postgres@127.0.0.1:" + strconv.Itoa(p.port) + "/postgres?sslmode=disable"
	p.Start()
	t.Cleanup(p.Stop)
	return p
}

// Start starts the server again after Stop, on the same port and data.
func (p *Postgres) Start() {
	p.t.Helper()
	cmd := exec.Command(p.bin, "-D", p.data, "-p", strconv.Itoa(p.port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred}
	p.proc.start(p.t, cmd, "database system is ready to accept connections")
}

// Stop shuts the server down (fast mode: open sessions are ended). It does
// nothing if the server is not running.
func (p *Postgres) Stop() { p.proc.stop(syscall.SIGINT) }

// unprivileged returns the credential to run PostgreSQL under and makes
// dir its own; nil when this process is not root (it runs as itself).
func unprivileged(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		if err := os.Chown(dir, int(uid), int(gid)); err != nil {
			return nil, errorf("giving %s to %s: %v", dir, name, err)
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errorf("running as root and no user postgres or nobody to run PostgreSQL as")
}

func globSorted(pattern string) ([]string, error) {
	m, err := filepath.Glob(pattern)
	sort.Strings(m)
	return m, err
}
