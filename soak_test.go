package xecm_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// The soak drives a seeded, concurrent workload through the SDK against the
// simulator while the simulator injects faults at random, then checks the
// invariants the SDK promises against the simulator's state:
//
//   - an operation reported successful happened exactly once;
//   - an operation reported failed left nothing behind, unless its error
//     says the outcome is unknown (ErrOutcomeUnknown), in which case it
//     happened at most once and a lookup resolves it;
//   - no duplicates; every stored version's bytes match their SHA-256;
//   - the retry budget holds: no request sent more often than the policy
//     allows, no POST sent again once it went out;
//   - no goroutine is left running.
//
// XECM_SOAK_SEEDS (default 20) seeds run, XECM_SOAK_OPS (default 40)
// operations each; XECM_SOAK_SEED=N replays one seed. A failure prints
// the seed. Each operation runs under a deadline, which some injected
// latencies exceed.

const soakMaxRetries = 3

func soakEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak skipped in -short mode")
	}
	seeds := soakEnvInt("XECM_SOAK_SEEDS", 20)
	ops := soakEnvInt("XECM_SOAK_OPS", 40)
	first := uint64(1)
	if s := soakEnvInt("XECM_SOAK_SEED", 0); s > 0 {
		first, seeds = uint64(s), 1
	}
	total := &soakTotals{}
	for seed := first; seed < first+uint64(seeds); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			runSoak(t, seed, ops, total)
		})
	}
	t.Logf("soak: %d seeds, %d operations, %d faults injected, %d retries, outcomes: %d ok, %d failed, %d unknown",
		seeds, total.ops.Load(), total.faults.Load(), total.retries.Load(), total.ok.Load(), total.failed.Load(), total.unknown.Load())
}

type soakTotals struct {
	ops, faults, retries, ok, failed, unknown atomic.Int64
}

// attemptLog counts what went over the wire, per operation, as the SDK's
// transport sees it: every attempt, retries and replays included.
type attemptLog struct {
	mu       sync.Mutex
	attempts map[string][]attempt // by operation key
}

type attempt struct {
	method, path string
	status       int   // 0 when no response came back
	err          error // transport error, if any
}

// refused reports whether the server (or the network) said the attempt was
// not carried out, so that sending it again cannot repeat an effect.
func (a attempt) refused() bool {
	if a.err != nil {
		var op *net.OpError
		return errors.As(a.err, &op) && op.Op == "dial"
	}
	switch a.status {
	case http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true
	}
	return false
}

type opKey struct{}

// countingTransport records each attempt under the operation key carried in
// the request's context.
type countingTransport struct {
	base http.RoundTripper
	log  *attemptLog
}

func (ct *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := ct.base.RoundTrip(r)
	if key, ok := r.Context().Value(opKey{}).(string); ok {
		a := attempt{method: r.Method, path: r.URL.Path, err: err}
		if resp != nil {
			a.status = resp.StatusCode
		}
		ct.log.mu.Lock()
		ct.log.attempts[key] = append(ct.log.attempts[key], a)
		ct.log.mu.Unlock()
	}
	return resp, err
}

// soakOutcome is what the SDK reported for one operation.
type soakOutcome struct {
	key  string
	kind string
	err  error
	// check verifies the simulator's state against the outcome.
	check func(t *testing.T, sim *xecmtest.Server, c *xecm.Client, o soakOutcome)
}

func runSoak(t *testing.T, seed uint64, ops int, total *soakTotals) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	defer func() {
		if t.Failed() {
			t.Logf("replay with XECM_SOAK_SEED=%d", seed)
		}
	}()
	sim := xecmtest.NewServer()
	defer sim.Close()
	log := &attemptLog{attempts: map[string][]attempt{}}
	var retries atomic.Int64
	base := http.DefaultTransport.(*http.Transport).Clone()
	defer base.CloseIdleConnections()
	c, err := xecm.NewClient(sim.URL,
		xecm.WithPassword("Admin", "livelink"),
		xecm.WithTransport(&countingTransport{base: base, log: log}),
		xecm.WithMaxResponseSize(1<<20), // an oversized answer (FaultOversize) costs 1 MiB, not 64
		xecm.WithRetryPolicy(xecm.RetryPolicy{MaxRetries: soakMaxRetries, MinBackoff: time.Millisecond,
			MaxBackoff: 5 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond,
			OnRetry: func(int, string, string, int) { retries.Add(1) }}))
	require.NoError(t, err)

	w := newSoakWorkload(t, seed, sim, c)
	const workers = 4
	var wg sync.WaitGroup
	outcomes := make(chan soakOutcome, ops)
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(wk)))
			for i := wk; i < ops; i += workers {
				key := fmt.Sprintf("s%d-op%d", seed, i)
				if rng.IntN(3) == 0 {
					total.faults.Add(1)
					sim.InjectFault(w.randomFault(rng))
				}
				if rng.IntN(25) == 0 {
					sim.ExpireTickets()
				}
				ctx, cancel := context.WithTimeout(context.WithValue(t.Context(), opKey{}, key), soakOpTimeout)
				outcomes <- w.randomOp(ctx, rng, key)
				cancel()
			}
		}()
	}
	wg.Wait()
	close(outcomes)
	sim.ClearFaults()

	for o := range outcomes {
		total.ops.Add(1)
		switch {
		case o.err == nil:
			total.ok.Add(1)
		case errors.Is(o.err, xecm.ErrOutcomeUnknown):
			total.unknown.Add(1)
		default:
			total.failed.Add(1)
		}
		o.check(t, sim, c, o)
	}
	total.retries.Add(retries.Load())
	checkRetryBudget(t, log)
	w.checkGlobal(t)
}

// soakCallsPerRoute is how often one operation calls the same route at most
// (Ensure looks the business object up before and after creating).
const soakCallsPerRoute = 2

// checkRetryBudget holds every operation's attempts to the policy: one call
// is sent at most 1+MaxRetries times in all (transport and body retries
// share the budget), plus one replay after a fresh login, and a POST is
// sent again only after an answer saying it was not carried out (401, 429,
// 503) or a failure to connect.
func checkRetryBudget(t *testing.T, log *attemptLog) {
	log.mu.Lock()
	defer log.mu.Unlock()
	for key, atts := range log.attempts {
		perRequest := map[string]int{}
		lastPost := map[string]attempt{}
		for _, a := range atts {
			if strings.HasSuffix(a.path, "/api/v1/auth") {
				continue // logins belong to the client, not the operation
			}
			perRequest[a.method+" "+a.path]++
			if a.method == http.MethodPost {
				if prev, ok := lastPost[a.path]; ok && !prev.refused() {
					t.Errorf("%s: POST %s sent again after an attempt that may have been carried out (status %d, error %v)",
						key, a.path, prev.status, prev.err)
				}
				lastPost[a.path] = a
			}
		}
		for req, n := range perRequest {
			assert.LessOrEqual(t, n, soakCallsPerRoute*(1+soakMaxRetries+1), "%s: %s sent %d times", key, req, n)
		}
	}
}
