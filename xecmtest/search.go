package xecmtest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// defaultSearchLimit is the page size of searches without "limit".
const defaultSearchLimit = 10

func (s *Server) installSearch() {
	s.api("POST /v2/search", s.handleSearch)
}

// The LQL subset: terms (words or "quoted phrases"), region clauses
// (OTName:term, OTDescription:term, OTSubType:144, OTLocation:2000,
// OTObjectID:42), AND, OR, NOT and parentheses; adjacent clauses are ANDed.
// A bare term matches the name, description or category values.

type lqlExpr interface {
	match(s *Server, n *node, m matcher) bool
}

type lqlAnd struct{ l, r lqlExpr }
type lqlOr struct{ l, r lqlExpr }
type lqlNot struct{ e lqlExpr }
type lqlTerm struct{ region, text string }
type lqlNone struct{}

func (lqlNone) match(*Server, *node, matcher) bool { return false }

func (e lqlAnd) match(s *Server, n *node, m matcher) bool {
	return e.l.match(s, n, m) && e.r.match(s, n, m)
}
func (e lqlOr) match(s *Server, n *node, m matcher) bool {
	return e.l.match(s, n, m) || e.r.match(s, n, m)
}
func (e lqlNot) match(s *Server, n *node, m matcher) bool { return !e.e.match(s, n, m) }

// matcher compares a term with a text per the query's modifier.
type matcher func(text, term string) bool

func (t lqlTerm) match(s *Server, n *node, m matcher) bool {
	switch strings.ToLower(t.region) {
	case "":
		if m(n.Name, t.text) || m(n.Description, t.text) {
			return true
		}
		for _, con := range s.cats.onNode[n.ID] {
			for _, v := range con.Values {
				if m(fmt.Sprint(v), t.text) {
					return true
				}
			}
		}
		return false
	case "otname":
		return m(n.Name, t.text)
	case "otdescription":
		return m(n.Description, t.text)
	case "otsubtype":
		return strconv.Itoa(n.Type) == t.text
	case "otobjectid", "otdataid":
		return strconv.FormatInt(n.ID, 10) == t.text
	case "otlocation":
		id, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil {
			return false
		}
		for cur := s.nodes.byID[n.ParentID]; cur != nil; cur = s.nodes.byID[cur.ParentID] {
			if cur.ID == id {
				return true
			}
		}
		return false
	}
	return false
}

type lqlParser struct {
	toks []string
	pos  int
}

func tokenizeLQL(q string) ([]string, error) {
	var toks []string
	for i := 0; i < len(q); {
		ch := q[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n':
			i++
		case ch == '(' || ch == ')':
			toks = append(toks, string(ch))
			i++
		case ch == ':':
			toks = append(toks, ":")
			i++
		case ch == '"':
			var b strings.Builder
			i++
			for ; i < len(q) && q[i] != '"'; i++ {
				if q[i] == '\\' && i+1 < len(q) {
					i++
				}
				b.WriteByte(q[i])
			}
			if i >= len(q) {
				return nil, fmt.Errorf("unterminated quote")
			}
			i++
			toks = append(toks, "\x00"+b.String()) // a quoted phrase
		default:
			j := i
			for j < len(q) && !strings.ContainsRune(" \t\n():\"", rune(q[j])) {
				j++
			}
			toks = append(toks, q[i:j])
			i = j
		}
	}
	return toks, nil
}

func (p *lqlParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *lqlParser) next() string { t := p.peek(); p.pos++; return t }

func (p *lqlParser) parseOr() (lqlExpr, error) {
	l, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for strings.EqualFold(p.peek(), "OR") {
		p.next()
		r, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		l = lqlOr{l, r}
	}
	return l, nil
}

func (p *lqlParser) parseAnd() (lqlExpr, error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t == "" || t == ")" || strings.EqualFold(t, "OR") {
			return l, nil
		}
		if strings.EqualFold(t, "AND") {
			p.next()
		}
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = lqlAnd{l, r}
	}
}

func (p *lqlParser) parseUnary() (lqlExpr, error) {
	switch t := p.next(); {
	case t == "":
		return nil, fmt.Errorf("unexpected end of query")
	case strings.EqualFold(t, "NOT"):
		e, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return lqlNot{e}, nil
	case t == "(":
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.next() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		return e, nil
	case t == ")" || t == ":":
		return nil, fmt.Errorf("unexpected %q", t)
	default:
		if p.peek() == ":" && !strings.HasPrefix(t, "\x00") {
			p.next()
			v := p.next()
			if v == "" || v == "(" || v == ")" || v == ":" {
				return nil, fmt.Errorf("region %s has no value", t)
			}
			return lqlTerm{region: t, text: strings.TrimPrefix(v, "\x00")}, nil
		}
		return lqlTerm{text: strings.TrimPrefix(t, "\x00")}, nil
	}
}

func parseLQL(q string) (lqlExpr, error) {
	toks, err := tokenizeLQL(q)
	if err != nil {
		return nil, err
	}
	p := &lqlParser{toks: toks}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.peek())
	}
	return e, nil
}

// wordsQuery builds the expression of the allwords, anywords and
// exactphrase modes.
func wordsQuery(where, lookfor string) lqlExpr {
	if lookfor == "exactphrase" {
		return lqlTerm{text: where}
	}
	var e lqlExpr
	for _, w := range strings.Fields(where) {
		t := lqlTerm{text: w}
		switch {
		case e == nil:
			e = t
		case lookfor == "anywords":
			e = lqlOr{e, t}
		default:
			e = lqlAnd{e, t}
		}
	}
	return e
}

// modifierMatcher is the matcher of a modifier (lower case). The spec: a
// modifier "not specified or [with] any value other than the available
// options ... will be ignored", so an unknown one matches as none.
func modifierMatcher(mod string) matcher {
	words := func(text string) []string {
		return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
		})
	}
	phrase := func(text, term string) bool {
		return strings.Contains(strings.ToLower(text), strings.ToLower(term))
	}
	switch mod {
	case "wordbeginswith":
		return func(text, term string) bool {
			return slices.ContainsFunc(words(text), func(w string) bool { return strings.HasPrefix(w, strings.ToLower(term)) })
		}
	case "wordendswith":
		return func(text, term string) bool {
			return slices.ContainsFunc(words(text), func(w string) bool { return strings.HasSuffix(w, strings.ToLower(term)) })
		}
	}
	// none, synonymsof, relatedto, soundslike (no thesaurus here) and
	// anything else the server ignores.
	return func(text, term string) bool {
		if strings.ContainsAny(term, " .-_") {
			return phrase(text, term)
		}
		return slices.Contains(words(text), strings.ToLower(term)) || phrase(text, term)
	}
}

// msgBadQuery is the server's 400 for a search without criteria or with
// a wrong LQL statement (spec, POST /v2/search).
const msgBadQuery = "Error Evaluating Query, You have either not specified any search criterion at all, " +
	"or one of your Livelink Query Language statements is incorrect. Edit the query by clicking an option in " +
	"at least one list and/or correcting the statements that appear in the fields"

func (s *Server) handleSearch(c *call) (any, error) {
	where, _ := c.params.str("where")
	if strings.TrimSpace(where) == "" {
		return nil, errorf(http.StatusBadRequest, msgBadQuery)
	}
	// Content Server compares the mode names case-insensitively: the spec
	// lists 'complexquery' and names the default 'complexQuery'.
	rawLookfor, _ := c.params.str("lookfor")
	lookfor := strings.ToLower(rawLookfor)
	var expr lqlExpr
	switch lookfor {
	case "", "complexquery":
		e, err := parseLQL(where)
		if err != nil {
			return nil, errorf(http.StatusBadRequest, msgBadQuery)
		}
		expr = e
	case "allwords", "anywords", "exactphrase":
		expr = wordsQuery(where, lookfor)
	default:
		return nil, invalid("lookfor", rawLookfor)
	}
	mod, _ := c.params.str("modifier")
	m := modifierMatcher(strings.ToLower(mod))
	within, _ := c.params.str("within")
	switch strings.ToLower(within) {
	case "", "all", "metadata":
	case "content":
		expr = lqlNone{} // the simulator indexes no document content
	default:
		return nil, invalid("within", within)
	}
	var hits []*node
	for _, n := range s.nodes.byID {
		// Volumes are not indexed. The seeded workflow maps and WebReports
		// have no parent in the simulator but are items, indexed as on a
		// server (where they sit in a folder).
		if n.ParentID < 0 && n.Type != TypeWorkflowMap && n.Type != TypeWebReport || !s.canLocked(c.userID(), n, "see") || !expr.match(s, n, m) {
			continue
		}
		hits = append(hits, n)
	}
	sortBy, _ := c.params.str("sort")
	if err := sortSearchHits(hits, sortBy); err != nil {
		return nil, err
	}
	page, limit, err := bodyPage(c, defaultSearchLimit)
	if err != nil {
		return nil, err
	}
	total := len(hits)
	pageTotal := max(1, (total+limit-1)/limit)
	// The server's quirk: a page past the end answers the last page's
	// results instead of an empty list.
	served := min(page, pageTotal)
	items, p := paginate(hits, served, limit)
	p.Page = page
	results := make([]any, 0, len(items))
	for _, n := range items {
		results = append(results, map[string]any{
			"data": map[string]any{"properties": s.propsLocked(n, layoutV2), "regions": s.regionsLocked(n)},
			"search_result_metadata": map[string]any{"current_version": true, "object_id": fmt.Sprintf("DataId=%d&Version=1", n.ID),
				"result_type": 264, "source_id": 1}, // integers, as the spec's search_searchMetadataResultsData says
		})
	}
	return map[string]any{
		"collection": map[string]any{
			"paging": map[string]any{"limit": p.Limit, "page": p.Page, "page_total": p.PageTotal, "range_min": p.RangeMin,
				"range_max": p.RangeMax, "total_count": p.TotalCount,
				"result_header_string": fmt.Sprintf("Results %d to %d of %d", p.RangeMin, p.RangeMax, total)},
			"searching": map[string]any{"cache_id": 1, "result_title": "Search Results"},
			// A list of region names with their direction (search_sortingData).
			"sorting": map[string]any{"sort": []string{sortBy}},
		},
		"links": c.selfLinks(), "results": results,
	}, nil
}

// bodyPage reads page and limit from the form body of a POST.
func bodyPage(c *call, def int) (int, int, error) {
	get := func(name string, d int) (int, error) {
		raw, ok := c.params.str(name)
		if !ok || raw == "" {
			return d, nil
		}
		v, err := strconv.Atoi(raw)
		if err != nil || v < 1 {
			return 0, invalid(name, raw)
		}
		return v, nil
	}
	page, err := get("page", 1)
	if err != nil {
		return 0, 0, err
	}
	limit, err := get("limit", def)
	return page, limit, err
}

// sortSearchHits orders hits by relevance (by id here) or by a region,
// ascending unless it has the desc_ prefix (the spec: "Ascending is
// default if not specified").
func sortSearchHits(hits []*node, sortBy string) error {
	key := strings.ToLower(sortBy)
	desc := strings.HasPrefix(key, "desc_")
	var by func(a, b *node) int
	switch strings.TrimPrefix(strings.TrimPrefix(key, "asc_"), "desc_") {
	case "", "relevance":
		by, desc = func(a, b *node) int { return cmp.Compare(a.ID, b.ID) }, false
	case "otname":
		by = func(a, b *node) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }
	case "otobjectdate":
		by = func(a, b *node) int { return a.Modified.Compare(b.Modified) }
	case "otobjectsize":
		by = func(a, b *node) int { return cmp.Compare(a.Size, b.Size) }
	default:
		return invalid("sort", sortBy)
	}
	less := by
	if desc {
		less = func(a, b *node) int { return by(b, a) }
	}
	slices.SortStableFunc(hits, func(a, b *node) int {
		if r := less(a, b); r != 0 {
			return r
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return nil
}

func (s *Server) regionsLocked(n *node) map[string]any {
	var path []string
	for _, a := range s.ancestorsLocked(n) {
		if a.ID != n.ID {
			path = append(path, a.Name)
		}
	}
	creator := any(nil)
	if u := s.dir.users[n.CreateUser]; u != nil {
		creator = u.Name
	}
	mime := any(nil)
	if n.MimeType != "" {
		mime = n.MimeType
	}
	return map[string]any{"OTName": n.Name, "OTLocation": strings.Join(path, ":"), "OTMIMEType": mime,
		"OTObjectDate": dateV2(n.Modified), "OTObjectSize": n.Size, "OTCreatedBy": creator}
}
