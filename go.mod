module github.com/xecm-go/xecm

go 1.24

require (
	github.com/hashicorp/go-retryablehttp v0.7.8
	github.com/jarcoal/httpmock v1.4.2
	github.com/redis/go-redis/v9 v9.22.0 // store/redisstore only: the Redis deduper, checkpoints, lease and outbox (v9.22: the newest for go 1.24)
	github.com/stretchr/testify v1.10.0
	go.uber.org/goleak v1.3.0 // tests only: no goroutine left behind by uploads, Watch and the soak
	golang.org/x/oauth2 v0.30.0
	gopkg.in/yaml.v3 v3.0.1 // the spec route generator and its freshness test read the vendor YAML specs
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/kr/pretty v0.3.0 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	go.uber.org/atomic v1.11.0 // indirect
	golang.org/x/sys v0.30.0 // indirect
	gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c // indirect
)
