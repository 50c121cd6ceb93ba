// Package envelope decodes the response envelopes of the Content Server REST
// API: results that are sometimes an object and sometimes an array, and the
// three paging layouts (collection.paging, top-level paging, v1 flat fields).
package envelope

import (
	"bytes"
	"encoding/json"
)

// OneOrMany decodes a JSON value that is either a single T or an array of T.
// null and absent values decode to an empty slice.
type OneOrMany[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (o *OneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*o = nil
		return nil
	case b[0] == '[':
		var many []T
		if err := json.Unmarshal(b, &many); err != nil {
			return err
		}
		*o = many
		return nil
	case b[0] == '{' && bytes.Equal(bytes.TrimSpace(b[1:]), []byte("}")):
		// An empty object ("results":{}) carries no item.
		*o = nil
		return nil
	default:
		var one T
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*o = OneOrMany[T]{one}
		return nil
	}
}

// First returns the first element, or the zero T.
func (o OneOrMany[T]) First() T {
	var zero T
	if len(o) == 0 {
		return zero
	}
	return o[0]
}

// Paging is the paging state of one page of a collection.
type Paging struct {
	Limit      int `json:"limit"`
	Page       int `json:"page"`
	PageTotal  int `json:"page_total"`
	RangeMin   int `json:"range_min"`
	RangeMax   int `json:"range_max"`
	TotalCount int `json:"total_count"`
}

// Paged is embedded in list envelopes. It captures the three layouts the
// server uses; Paging returns whichever one the response carried.
type Paged struct {
	Collection *struct {
		Paging *Paging `json:"paging"`
	} `json:"collection"`
	TopPaging *Paging `json:"paging"`
	// v1 calls put the paging fields at the top level.
	Limit      int `json:"limit"`
	Page       int `json:"page"`
	PageTotal  int `json:"page_total"`
	RangeMin   int `json:"range_min"`
	RangeMax   int `json:"range_max"`
	TotalCount int `json:"total_count"`
}

// Paging returns the paging state of the page, whatever its layout.
func (p Paged) Paging() Paging {
	if p.Collection != nil && p.Collection.Paging != nil {
		return *p.Collection.Paging
	}
	if p.TopPaging != nil {
		return *p.TopPaging
	}
	return Paging{Limit: p.Limit, Page: p.Page, PageTotal: p.PageTotal,
		RangeMin: p.RangeMin, RangeMax: p.RangeMax, TotalCount: p.TotalCount}
}
