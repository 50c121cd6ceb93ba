package testservers

import (
	"os/exec"
	"strconv"
	"syscall"
	"testing"
)

// Redis is a redis-server started for a test.
type Redis struct {
	// Addr is its host:port on loopback.
	Addr string
	// URL is its redis:// URL (database 0).
	URL string

	t    testing.TB
	bin  string
	dir  string
	port int
	proc process
}

// StartRedis starts a redis-server on a free loopback port with its data
// in a temporary directory, appending every write to its log (synced every
// second, and on shutdown: a Stop and a Start lose nothing), and stops it
// when t ends.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	bin := findBinary("redis-server")
	if bin == "" {
		missing(t, "redis-server")
	}
	port := freePort(t)
	r := &Redis{t: t, bin: bin, dir: t.TempDir(), port: port,
		Addr: "127.0.0.1:" + strconv.Itoa(port), proc: process{name: "redis-server"}}
	r.URL = "redis://" + r.Addr + "/0"
	r.Start()
	t.Cleanup(r.Stop)
	return r
}

// Start starts the server again after Stop, on the same port and data.
func (r *Redis) Start() {
	r.t.Helper()
	cmd := exec.Command(r.bin, "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--dir", r.dir, "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
		"--daemonize", "no", "--logfile", "", "--protected-mode", "no")
	r.proc.start(r.t, cmd, "Ready to accept connections")
}

// Stop shuts the server down (SIGTERM: it syncs its append-only file
// first). It does nothing if the server is not running.
func (r *Redis) Stop() { r.proc.stop(syscall.SIGTERM) }
