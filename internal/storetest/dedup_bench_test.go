package storetest_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/testservers"
	"github.com/xecm-go/xecm/store/pgstore"
	"github.com/xecm-go/xecm/store/redisstore"
	"github.com/xecm-go/xecm/webhook"
)

// BenchmarkHandlerDeduper delivers new signed events, one at a time, to
// three webhook.Handlers that differ only in their Deduper: in memory, Redis
// and PostgreSQL, on loopback. Every iteration delivers one event to each,
// so the three share the machine's state; the figures to read are the
// deliveries per second of each and the ratios redis/memory and
// postgres/memory (how much slower a delivery is with a shared store):
//
//	go test -run '^$' -bench HandlerDeduper ./internal/storetest
func BenchmarkHandlerDeduper(b *testing.B) {
	rsrv := testservers.StartRedis(b)
	opts, err := redis.ParseURL(rsrv.URL)
	if err != nil {
		b.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	b.Cleanup(func() { _ = rdb.Close() })
	psrv := testservers.StartPostgres(b)
	pool, err := pgxpool.New(b.Context(), psrv.DSN)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)

	rd, err := redisstore.NewDeduper(rdb, "bench")
	if err != nil {
		b.Fatal(err)
	}
	pd, err := pgstore.NewDeduper(pool, "bench")
	if err != nil {
		b.Fatal(err)
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		b.Fatal(err)
	}
	signer, err := webhook.NewSigner(secret)
	if err != nil {
		b.Fatal(err)
	}
	verifier, err := webhook.NewVerifier([]string{secret})
	if err != nil {
		b.Fatal(err)
	}
	dedupers := []webhook.Deduper{webhook.NewMemoryDeduper(0), rd, pd}
	handlers := make([]*webhook.Handler, len(dedupers))
	for i, d := range dedupers {
		h, err := webhook.NewHandler(verifier, func(context.Context, xecm.Event) error { return nil }, webhook.WithDeduper(d))
		if err != nil {
			b.Fatal(err)
		}
		handlers[i] = h
	}
	body := []byte(`{"type":"document.created","timestamp":"2026-01-02T03:04:05Z","data":{"node_id":1}}`)
	deliver := func(h http.Handler, id string) {
		hdr, err := signer.Headers(id, time.Now(), body)
		if err != nil {
			b.Fatal(err)
		}
		r := httptest.NewRequest(http.MethodPost, "/hooks", bytes.NewReader(body))
		for k, v := range hdr {
			r.Header[k] = v
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusNoContent {
			b.Fatalf("delivery answered %d: %s", w.Code, w.Body)
		}
	}
	// Warm up: tables created, connections open.
	for i, h := range handlers {
		deliver(h, "evt_warmup_"+strconv.Itoa(i))
	}
	spent := make([]time.Duration, len(handlers))
	n := 0
	b.ResetTimer()
	for b.Loop() {
		id := "evt_" + strconv.Itoa(n)
		n++
		for i, h := range handlers {
			start := time.Now()
			deliver(h, id)
			spent[i] += time.Since(start)
		}
	}
	perSecond := func(d time.Duration) float64 { return float64(n) / d.Seconds() }
	b.ReportMetric(perSecond(spent[0]), "memory-deliveries/s")
	b.ReportMetric(perSecond(spent[1]), "redis-deliveries/s")
	b.ReportMetric(perSecond(spent[2]), "postgres-deliveries/s")
	b.ReportMetric(float64(spent[1])/float64(spent[0]), "redis/memory")
	b.ReportMetric(float64(spent[2])/float64(spent[0]), "postgres/memory")
	b.ReportMetric(0, "ns/op") // the three together: not a figure to read
}
