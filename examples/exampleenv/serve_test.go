package exampleenv

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A request under way when the context ends is finished before Serve
// returns; then the server accepts nothing more.
func TestServeShutsDownGracefully(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var finished atomic.Bool
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		<-release
		_, _ = io.WriteString(w, "done")
		finished.Store(true)
	})}
	shuttingDown := make(chan struct{})
	srv.RegisterOnShutdown(func() { close(shuttingDown) })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + l.Addr().String() + "/"
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, srv, l) }()

	type answer struct {
		body string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- answer{string(b), err}
	}()
	<-started
	cancel()
	select {
	case <-shuttingDown:
	case err := <-served:
		t.Fatalf("Serve returned with a request under way, without shutting down: %v", err)
	}
	close(release)
	require.NoError(t, <-served)
	assert.True(t, finished.Load(), "Serve waited for the request")
	a := <-got
	require.NoError(t, a.err)
	assert.Equal(t, "done", a.body)
	_, err = http.Get(url)
	assert.Error(t, err, "no longer listening")
}

func TestServeReportsWhatStopsTheServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	require.NoError(t, l.Close())
	err = Serve(t.Context(), &http.Server{Handler: http.NotFoundHandler()}, l)
	assert.ErrorIs(t, err, net.ErrClosed)
}

func TestServeInBackgroundServesUntilStopped(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + l.Addr().String() + "/"
	stop := ServeInBackground(t.Context(), &http.Server{Handler: http.NotFoundHandler()}, l)
	resp, err := http.Get(url)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "served")
	require.NoError(t, stop())
	_, err = http.Get(url)
	assert.Error(t, err, "stopped")

	// A second stop (say, deferred) returns at once with the same result.
	done := make(chan error, 1)
	go func() { done <- stop() }()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("a second stop hangs")
	}
}

// Every server an example starts bounds the time to read a request body,
// not only its headers: a webhook delivery trickled a byte at a time must
// not hold a connection for ever.
func TestExampleServersBoundBodyReads(t *testing.T) {
	srv := NewServer(http.NotFoundHandler())
	assert.Positive(t, srv.ReadHeaderTimeout)
	assert.Positive(t, srv.ReadTimeout)

	files, err := filepath.Glob("../*/*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			sel, ok := lit.Type.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Server" {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "http" {
				return true
			}
			set := map[string]bool{}
			for _, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok {
						set[k.Name] = true
					}
				}
			}
			assert.True(t, set["ReadTimeout"], "%s: an http.Server without ReadTimeout (use exampleenv.NewServer)", fset.Position(lit.Pos()))
			return true
		})
	}
}
