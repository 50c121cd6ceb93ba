package xecm_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// returnWatchHandler records, for each log record, whether the caller had
// already returned when the record was written.
type returnWatchHandler struct {
	returned      *atomic.Bool
	loggedLate    *atomic.Bool
	loginFailures *atomic.Int32
}

func (h returnWatchHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h returnWatchHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h returnWatchHandler) WithGroup(string) slog.Handler            { return h }

func (h returnWatchHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "xecm: login failed" {
		return nil
	}
	// Give a caller that was already released the chance to run first.
	runtime.Gosched()
	h.loginFailures.Add(1)
	if h.returned.Load() {
		h.loggedLate.Store(true)
	}
	return nil
}

// A failed login is logged before the callers waiting for it are released:
// a caller that returns with the error finds the Warn already written (a
// log read right after the call must not miss it).
func TestLoginFailureIsLoggedBeforeCallersReturn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"Invalid username/password specified."}`))
	}))
	defer srv.Close()
	var returned, late atomic.Bool
	var failures atomic.Int32
	logger := slog.New(returnWatchHandler{returned: &returned, loggedLate: &late, loginFailures: &failures})
	c, err := xecm.NewClient(srv.URL, xecm.WithPassword("Admin", "wrong"), xecm.WithLogger(logger))
	require.NoError(t, err)
	for range 20 {
		returned.Store(false)
		before := failures.Load()
		_, err = c.Nodes.Get(t.Context(), 2000, nil)
		returned.Store(true)
		require.ErrorIs(t, err, xecm.ErrUnauthorized)
		assert.Greater(t, failures.Load(), before, "the login failure was not logged when the call returned")
	}
	assert.False(t, late.Load(), "a login failure was logged after its caller had returned")
}
