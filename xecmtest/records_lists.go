package xecmtest

import (
	"net/http"
	"slices"
	"strings"
)

// installRecordLists registers the RM read routes that list across the
// store: RSI names, a node's RSIs and the items under a classification.
func (s *Server) installRecordLists() {
	s.api("GET /v1/rsis", s.handleRSINames)
	s.api("POST /v1/rsis", s.handleRSINames)
	s.api("GET /v1/nodes/{id}/rsis", s.handleNodeRSIs)
	s.api("GET /v2/classifieditems/{id}", s.handleClassifiedItems)
	s.api("GET /v2/classifieditems/{id}/page", s.handleClassifiedItems)
	s.api("GET /v1/rmstatistics/rsis", s.handleRSIStatistics)
}

// handleRSINames is GET and POST api/v1/rsis: the RSI names, filtered by
// the POST's query (a part of the name, case-insensitive). The answer is
// the layout pyxecm's search_records_management_rsis reads
// (data.fast_codes); the spec's RSIsNames puts the list under "fast:codes"
// at the top level, which no client is known to read.
func (s *Server) handleRSINames(c *call) (any, error) {
	q, _ := c.params.str("query")
	q = strings.ToLower(q)
	codes := []any{}
	for _, r := range s.rm.rsis {
		if strings.Contains(strings.ToLower(r.Name), q) {
			codes = append(codes, map[string]any{"name": r.Name})
		}
	}
	return map[string]any{"data": map[string]any{"fast_codes": codes}}, nil
}

// handleNodeRSIs is GET api/v1/nodes/{id}/rsis (node_rsis): the RSI of the
// node's RM classification, when it has one.
func (s *Server) handleNodeRSIs(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	data := []any{}
	if r := s.rm.records[n.ID]; r != nil && r.RSI != "" {
		data = append(data, map[string]any{"class_id": r.ClassID, "rsi": r.RSI})
	}
	return map[string]any{"data": data, "definitions": map[string]any{}}, nil
}

// handleClassifiedItems is GET api/v2/classifieditems/{id} and .../page:
// the items the caller can see that carry the RM or standard
// classification, and the classification's ancestors.
func (s *Server) handleClassifiedItems(c *call) (any, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, err
	}
	_, rm := s.rm.classes[id]
	if !rm && s.rm.std[id] == "" {
		return nil, errorf(http.StatusBadRequest, "Could not get node for %d", id)
	}
	var items []*node
	for nodeID, n := range s.nodes.byID {
		r := s.rm.records[nodeID]
		if (r != nil && r.ClassID == id) || slices.Contains(s.rm.stdOnNode[nodeID], id) {
			if s.checkAccessLocked(c, n, "see") == nil {
				items = append(items, n)
			}
		}
	}
	ancestors := []any{}
	if cn := s.nodes.byID[id]; cn != nil {
		for _, a := range s.ancestorsLocked(cn) {
			ancestors = append(ancestors, s.propsLocked(a, layoutNoZone))
		}
	}
	return s.rmItemsPageLocked(c, items, ancestors)
}

// handleRSIStatistics is GET api/v1/rmstatistics/rsis (rm_stats_rsi): per
// RSI, the number of items whose record carries it, in RSI order. The spec
// does not say whether RSIs no item carries are listed; they are left out.
func (s *Server) handleRSIStatistics(c *call) (any, error) {
	counts := map[string]int{}
	for _, r := range s.rm.records {
		if r.RSI != "" {
			counts[r.RSI]++
		}
	}
	data := []any{}
	for _, r := range s.rm.rsis {
		if n := counts[r.Name]; n > 0 {
			data = append(data, map[string]any{"rsi": r.Name, "cnt": n})
		}
	}
	return map[string]any{"data": data}, nil
}
