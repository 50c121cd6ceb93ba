package xecm

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
)

// SearchService works with full-text and metadata search.
type SearchService service

// LookFor says how the words of a query combine.
type LookFor string

// LookFor values. The server's default is LookForComplexQuery (LQL).
const (
	LookForAllWords     LookFor = "allwords"
	LookForAnyWords     LookFor = "anywords"
	LookForExactPhrase  LookFor = "exactphrase"
	LookForComplexQuery LookFor = "complexquery"
)

// Modifier widens the words of a query.
type Modifier string

// Modifier values.
const (
	ModifierSynonymsOf     Modifier = "synonymsof"
	ModifierRelatedTo      Modifier = "relatedto"
	ModifierSoundsLike     Modifier = "soundslike"
	ModifierWordBeginsWith Modifier = "wordbeginswith"
	ModifierWordEndsWith   Modifier = "wordendswith"
)

// Within says what a query searches.
type Within string

// Within values. The server's default is WithinAll.
const (
	WithinAll      Within = "all"
	WithinContent  Within = "content"
	WithinMetadata Within = "metadata"
)

// SearchQuery is a search request.
type SearchQuery struct {
	// ListOptions pages the result.
	ListOptions
	// Where is the query: words, or an LQL expression such as
	// `OTName:"contract" AND OTSubType:144`; see LQLField, LQLAnd, LQLOr.
	Where string
	// LookFor, Modifier and Within refine how Where is read.
	LookFor  LookFor
	Modifier Modifier
	Within   Within
	// Sort orders the result: "relevance" (the default), or a region with
	// asc_/desc_, such as "desc_OTObjectDate".
	Sort string
	// SliceID restricts the search to a slice (search scope).
	SliceID int64
	// LocationID keeps items inside this container (at any depth). It is
	// sent as an OTLocation clause ANDed to the LQL query, so Where must be
	// an expression of its own: balanced parentheses, closed phrases.
	LocationID int64
}

func (q *SearchQuery) form(lo ListOptions) (url.Values, error) {
	const op = "Search.Query"
	where := strings.TrimSpace(q.Where)
	if q.LocationID < 0 || q.SliceID < 0 {
		return nil, invalidArg(op, "LocationID and SliceID must not be negative")
	}
	if q.LocationID > 0 {
		if q.LookFor != "" && q.LookFor != LookForComplexQuery {
			return nil, invalidArg(op, "LocationID needs an LQL query (LookFor %q cannot carry it)", q.LookFor)
		}
		loc := LQLField("OTLocation", strconv.FormatInt(q.LocationID, 10))
		if where == "" {
			where = loc
		} else {
			if err := lqlSelfContained(where); err != nil {
				return nil, invalidArg(op, "Where cannot be scoped by LocationID: %v", err)
			}
			where = LQLAnd(where, loc)
		}
	}
	if where == "" {
		return nil, invalidArg(op, "Where is required")
	}
	switch q.LookFor {
	case "", LookForAllWords, LookForAnyWords, LookForExactPhrase, LookForComplexQuery:
	default:
		return nil, invalidArg(op, "LookFor: unknown value %q", q.LookFor)
	}
	switch q.Modifier {
	case "", ModifierSynonymsOf, ModifierRelatedTo, ModifierSoundsLike, ModifierWordBeginsWith, ModifierWordEndsWith:
	default:
		return nil, invalidArg(op, "Modifier: unknown value %q", q.Modifier)
	}
	switch q.Within {
	case "", WithinAll, WithinContent, WithinMetadata:
	default:
		return nil, invalidArg(op, "Within: unknown value %q", q.Within)
	}
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	f := url.Values{"where": {where}}
	set := func(k, v string) {
		if v != "" {
			f.Set(k, v)
		}
	}
	set("lookfor", string(q.LookFor))
	set("modifier", string(q.Modifier))
	set("within", string(q.Within))
	set("sort", q.Sort)
	if q.SliceID > 0 {
		f.Set("slice", strconv.FormatInt(q.SliceID, 10))
	}
	setListOptions(f, lo)
	return f, nil
}

// LQLField returns the LQL clause matching value in a region, such as
// OTName:"annual report". The value is quoted, so it is read as a phrase
// and may hold spaces and operator words; quotes, backslashes and the
// wildcard * (which LQL honours at either end of a phrase) are escaped.
func LQLField(region, value string) string {
	return region + `:"` + lqlPhraseEscaper.Replace(value) + `"`
}

var lqlPhraseEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, `*`, `\*`)

// LQLAnd joins clauses with AND; each is parenthesised. A clause must be
// an expression of its own (build values into it with LQLField): one that
// closes a parenthesis it did not open escapes the others.
func LQLAnd(clauses ...string) string { return lqlJoin(" AND ", clauses) }

// LQLOr joins clauses with OR; each is parenthesised, as with LQLAnd.
func LQLOr(clauses ...string) string { return lqlJoin(" OR ", clauses) }

// lqlSelfContained says why an LQL expression cannot be joined with
// another clause without changing what that clause restricts: a
// parenthesis closed that it did not open or left open, a phrase left
// open, or a backslash before a parenthesis, a quote or the end outside a
// phrase (whether it escapes them there is not documented).
func lqlSelfContained(q string) error {
	depth, inPhrase := 0, false
	for i := 0; i < len(q); i++ {
		switch ch := q[i]; {
		case inPhrase && ch == '\\':
			i++ // escapes the next character, as LQLField writes it
		case inPhrase:
			inPhrase = ch != '"'
		case ch == '"':
			inPhrase = true
		case ch == '\\' && (i+1 == len(q) || strings.IndexByte(`()"`, q[i+1]) >= 0):
			return errors.New("a backslash before a parenthesis, a quote or the end, outside a phrase")
		case ch == '(':
			depth++
		case ch == ')':
			if depth--; depth < 0 {
				return errors.New("it closes a parenthesis it did not open")
			}
		}
	}
	switch {
	case inPhrase:
		return errors.New("a phrase (\"...\") is not closed")
	case depth > 0:
		return errors.New("a parenthesis is not closed")
	}
	return nil
}

func lqlJoin(op string, clauses []string) string {
	parts := make([]string, 0, len(clauses))
	for _, c := range clauses {
		if c = strings.TrimSpace(c); c != "" {
			parts = append(parts, "("+c+")")
		}
	}
	if len(parts) == 1 {
		return strings.TrimSuffix(strings.TrimPrefix(parts[0], "("), ")")
	}
	return strings.Join(parts, op)
}

// SearchResult is one hit of a search.
type SearchResult struct {
	// Node is the item found.
	Node
	// Regions are the search regions the server returned for the hit, such
	// as "OTName", "OTLocation", "OTObjectDate".
	Regions map[string]any
}

// Region returns a region's value as text ("" when absent).
func (r *SearchResult) Region(name string) string {
	v, ok := r.Regions[name]
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Query runs a search and returns one page of results. A page past the
// last one the server counts is empty, although the server answers it
// with the results of its last page.
//
// OpenText API: POST api/v2/search
func (s *SearchService) Query(ctx context.Context, q SearchQuery) (_ *Page[*SearchResult], err error) {
	ctx, observed := s.c.startOp(ctx, "Search.Query")
	defer observed.end(&err)
	return s.query(ctx, &q, q.ListOptions)
}

func (s *SearchService) query(ctx context.Context, q *SearchQuery, lo ListOptions) (*Page[*SearchResult], error) {
	form, err := q.form(lo)
	if err != nil {
		return nil, err
	}
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[struct {
			Data struct {
				Properties Node           `json:"properties"`
				Regions    map[string]any `json:"regions"`
			} `json:"data"`
		}] `json:"results"`
	}
	// A search changes nothing: it is safe to retry like a GET.
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v2/search", form: form, idempotent: true}, &env); err != nil {
		return nil, err
	}
	pg := env.Paging()
	if pg.PageTotal > 0 && max(lo.Page, 1) > pg.PageTotal {
		// The server answers a page past the end with the last page's
		// results: they are not the items of the page asked for.
		return newPage([]*SearchResult{}, pg), nil
	}
	items := make([]*SearchResult, 0, len(env.Results))
	for i := range env.Results {
		d := env.Results[i].Data
		items = append(items, &SearchResult{Node: d.Properties, Regions: d.Regions})
	}
	return newPage(items, pg), nil
}

// QueryIter returns an iterator over all results of a search, fetching
// pages lazily. The server answers pages past the end with results, so
// the iterator stops on the first page shorter than the limit.
func (s *SearchService) QueryIter(ctx context.Context, q SearchQuery) iter.Seq2[*SearchResult, error] {
	return paginate(ctx, pager[*SearchResult]{
		start: q.ListOptions,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*SearchResult], error) {
			return s.query(ctx, &q, lo)
		},
		key:         func(r *SearchResult) int64 { return r.ID },
		stopOnShort: true,
	})
}
