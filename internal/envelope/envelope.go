// Package envelope decodes the response envelopes of the Content Server REST
// API: results that are sometimes an object and sometimes an array, and the
// three paging layouts (collection.paging, top-level paging, v1 flat fields).
//
// Decoding takes one pass in the usual case: the envelope types have no
// UnmarshalJSON of their own, so "results" goes straight into the typed
// slice or struct. Only when the decoder reports a value of the other shape
// (an object where a list was expected, or the reverse) does Unmarshal
// reshape those values and decode again.
//
// The decoder is the json/v2 engine (github.com/go-json-experiment/json)
// run with encoding/json's semantics through its v1 package: field names
// match case-insensitively, unknown fields are ignored, numbers and
// UnmarshalJSON methods behave as with encoding/json, and errors are the
// v1 error types. The engine decodes a page of nodes about twice as fast
// as encoding/json with a quarter of the allocations
// (BenchmarkDecodeNodes in the root package compares them in one run).
// Built with GOEXPERIMENT=jsonv2, the module is an alias of the standard
// library's engine.
//
// The node answers, most of what the SDK decodes, read themselves first
// (internal/jsonread) and come here only when they decline; Paged's
// ReadMember serves them.
package envelope

import (
	stdjson "encoding/json"
	"errors"
	"reflect"
	"strings"

	json "github.com/go-json-experiment/json/v1"
)

// OneOrMany is a list that the server sometimes sends as a single object.
// Decoded through Unmarshal, an object becomes a one-element list, and null,
// an absent value or an empty object ("results":{}) an empty one.
type OneOrMany[T any] []T

// First returns the first element, or the zero T.
func (o OneOrMany[T]) First() T {
	var zero T
	if len(o) == 0 {
		return zero
	}
	return o[0]
}

// Single marks a struct that the server sometimes sends as an array: embed
// it, and Unmarshal decodes the array's first element (an empty array as
// null). Lists of one item are how some servers answer a call about one
// node.
type Single struct{}

var singleType = reflect.TypeFor[Single]()

// maxReshapes bounds the decode passes of one body: each pass fixes every
// value at one field path, and an envelope has only a few such paths.
const maxReshapes = 8

// Unmarshal decodes data into v as encoding/json's Unmarshal does, accepting
// the other shape of OneOrMany lists and Single structs. A syntax error is
// reported as a *SyntaxError (see IsSyntax).
func Unmarshal(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	for range maxReshapes {
		var te *json.UnmarshalTypeError
		if err == nil || !errors.As(err, &te) || !tolerated(te) {
			return stdTypeError(err)
		}
		fixed, changed := reshape(data, fieldPath(te.Field), te.Value == "object")
		if !changed {
			return stdTypeError(err)
		}
		data = fixed
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv.Elem().SetZero() // no trace of the failed pass
		}
		err = json.Unmarshal(data, v)
	}
	return stdTypeError(err)
}

// stdTypeError hands a type error on as encoding/json's own type, so that
// callers who look for *encoding/json.UnmarshalTypeError in the chain of a
// malformed response still find it. One that carries a cause of its own
// (which encoding/json's type has no room for) stays as it is; under
// GOEXPERIMENT=jsonv2 the two types are one.
func stdTypeError(err error) error {
	if _, std := err.(*stdjson.UnmarshalTypeError); std {
		return err
	}
	te, ok := err.(*json.UnmarshalTypeError)
	if !ok || te.Err != nil {
		return err
	}
	return &stdjson.UnmarshalTypeError{Value: te.Value, Type: te.Type, Offset: te.Offset,
		Struct: te.Struct, Field: te.Field}
}

// IsSyntax reports whether err from Unmarshal says the JSON text itself is
// cut short or garbled, rather than of an unexpected shape.
func IsSyntax(err error) bool {
	var syn *json.SyntaxError
	return errors.As(err, &syn)
}

// tolerated reports whether a type error is one of the shapes the server
// alternates between.
func tolerated(te *json.UnmarshalTypeError) bool {
	t := te.Type
	if t == nil {
		return false
	}
	switch te.Value {
	case "object":
		return t.Kind() == reflect.Slice && t.PkgPath() == singleType.PkgPath() && strings.HasPrefix(t.Name(), "OneOrMany[")
	case "array":
		if t.Kind() != reflect.Struct {
			return false
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.Anonymous && f.Type == singleType {
				return true
			}
		}
	}
	return false
}

// fieldPath splits an error's field path into JSON names. Array indexes,
// which some encoding/json builds include, are dropped: reshape walks every
// element of an array under the same path.
func fieldPath(field string) []string {
	if field == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(field, ".") {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			continue
		}
		out = append(out, p)
	}
	return out
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
// server uses in the same pass as the rest of the envelope; Paging returns
// whichever one the response carried.
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
