module github.com/xecm-go/xecm

go 1.26

require (
	github.com/hashicorp/go-retryablehttp v0.7.8
	github.com/jackc/pgx/v5 v5.8.0 // store/pgstore only: the PostgreSQL deduper, checkpoints, lease and outbox
	github.com/jarcoal/httpmock v1.4.2
	github.com/redis/go-redis/v9 v9.22.0 // store/redisstore only: the Redis deduper, checkpoints, lease and outbox
	github.com/stretchr/testify v1.11.1
	go.opentelemetry.io/otel v1.41.0 // otelxecm only: spans and metrics of the SDK's operations (v1.41: the newest whose own go.mod says go 1.24, and whose testify is ours)
	go.opentelemetry.io/otel/exporters/stdout/stdoutmetric v1.41.0 // the quickstart's -trace flag
	go.opentelemetry.io/otel/exporters/stdout/stdouttrace v1.41.0 // the quickstart's -trace flag
	go.opentelemetry.io/otel/metric v1.41.0 // otelxecm only
	go.opentelemetry.io/otel/sdk v1.41.0 // otelxecm's tests (in-memory exporter) and the quickstart's stdout exporter
	go.opentelemetry.io/otel/sdk/metric v1.41.0 // otelxecm's tests (manual reader) and the quickstart's stdout exporter
	go.opentelemetry.io/otel/trace v1.41.0 // otelxecm only
	go.uber.org/goleak v1.3.0 // tests only: no goroutine left behind by uploads, Watch and the soak
	golang.org/x/oauth2 v0.30.0
	gopkg.in/yaml.v3 v3.0.1 // the spec route generator and its freshness test read the vendor YAML specs
)

require (
	github.com/getkin/kin-openapi v0.153.0
	github.com/go-json-experiment/json v1.27.2
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/go-openapi/jsonpointer v0.22.5 // indirect
	github.com/go-openapi/swag/jsonname v0.25.5 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.2 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.uber.org/atomic v1.11.0 // indirect
	go.yaml.in/yaml/v4 v4.0.0 // indirect
	golang.org/x/sync v0.17.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/text v0.29.0 // indirect
)
