package xecm

// SearchService works with full-text and metadata search.
type SearchService service
