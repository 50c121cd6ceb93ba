package xecmtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxMemory is how much of a multipart body is kept in memory; the rest
// of the file parts spill to temporary files.
const maxMemory = 32 << 20

// maxJSONBody caps application/json request bodies.
const maxJSONBody = 16 << 20

// params are the body parameters of a request, merged from the encodings
// the server accepts: plain form fields and a form field "body" holding a
// JSON object (whose members win over plain fields), urlencoded or
// multipart, on every route (OpenText's Smart UI sends the first on every
// call, @kweli/cs-rest multipart on every call); and an application/json
// request body where the spec declares one for the route. Multipart file
// parts stay in files.
type params struct {
	values map[string]any // JSON-decoded values (json.Number for numbers) or strings
	multi  map[string][]string
	files  map[string][]*multipart.FileHeader
}

// parseParams reads the body of r according to its Content-Type. An
// application/json body is read only when acceptJSON (the route's spec
// declares one); elsewhere the server does not read it ("The OpenText
// Content Server REST API doesn't accept requests that use the
// application/json content type", cs-rest's README; reference section
// 1.2), so its parameters are missing and the route answers as it does
// to a request without them. Other content types are not read either.
func parseParams(r *http.Request, acceptJSON bool) (params, error) {
	p := params{values: map[string]any{}}
	if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return p, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		if err := parseForm(r); err != nil {
			return p, errorf(http.StatusBadRequest, "Could not parse the request body: %v", err)
		}
		p.multi = r.PostForm
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxMemory); err != nil {
			return p, errorf(http.StatusBadRequest, "Could not parse the request body: %v", err)
		}
		p.multi = r.MultipartForm.Value
		p.files = r.MultipartForm.File
	case "application/json":
		if !acceptJSON {
			return p, nil
		}
		data, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
		if err != nil {
			return p, errorf(http.StatusBadRequest, "Could not read the request body: %v", err)
		}
		if len(bytes.TrimSpace(data)) > 0 {
			if err := decodeJSONObject(data, p.values); err != nil {
				return p, err
			}
		}
		return p, nil
	default:
		return p, nil
	}
	for k, vs := range p.multi {
		if k != "body" && len(vs) > 0 {
			p.values[k] = vs[0]
		}
	}
	if body := p.multi["body"]; len(body) > 0 && strings.TrimSpace(body[0]) != "" {
		if err := decodeJSONObject([]byte(body[0]), p.values); err != nil {
			return p, err
		}
	}
	return p, nil
}

// maxFormBody caps the form body of a DELETE, as net/http caps the others.
const maxFormBody = 10 << 20

// parseForm is r.ParseForm that also reads the form body of a DELETE, which
// net/http leaves unread: Content Server takes the fields of some deletes
// (workspace references) from the body.
func parseForm(r *http.Request) error {
	if r.Method == http.MethodDelete && r.PostForm == nil && r.Body != nil {
		data, err := io.ReadAll(io.LimitReader(r.Body, maxFormBody+1))
		if err != nil {
			return err
		}
		if len(data) > maxFormBody {
			return errors.New("http: POST too large")
		}
		vs, err := url.ParseQuery(string(data))
		if err != nil {
			return err
		}
		r.PostForm = vs
	}
	return r.ParseForm()
}

func decodeJSONObject(data []byte, into map[string]any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return errorf(http.StatusBadRequest, "Could not parse the JSON in the 'body' parameter: %v", err)
	}
	for k, v := range m {
		into[k] = v
	}
	return nil
}

// has reports whether the parameter was sent.
func (p params) has(name string) bool {
	_, ok := p.values[name]
	return ok
}

// raw returns the parameter as decoded (string, json.Number, bool, nil,
// map[string]any or []any).
func (p params) raw(name string) (any, bool) {
	v, ok := p.values[name]
	return v, ok
}

// str returns a string parameter; numbers and booleans are formatted.
func (p params) str(name string) (string, bool) {
	v, ok := p.values[name]
	if !ok || v == nil {
		return "", ok
	}
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	default:
		b, _ := json.Marshal(t)
		return string(b), true
	}
}

// int64 returns an integer parameter (a JSON number or a numeric string).
// present is false when the parameter was not sent; err is a 400 when it
// is not an integer.
func (p params) int64(name string) (n int64, present bool, err error) {
	v, ok := p.values[name]
	if !ok {
		return 0, false, nil
	}
	n, ok = toInt64(v)
	if !ok {
		return 0, true, invalid(name, v)
	}
	return n, true, nil
}

// all returns every value of a plain form field sent repeatedly, or the
// elements of a JSON array member.
func (p params) all(name string) []string {
	if v, ok := p.values[name].([]any); ok {
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, _ := params{values: map[string]any{"e": e}}.str("e")
			out = append(out, s)
		}
		return out
	}
	if vs, ok := p.multi[name]; ok {
		return vs
	}
	if s, ok := p.str(name); ok {
		return []string{s}
	}
	return nil
}

// stringMap returns an object parameter of strings, such as
// name_multilingual ({"en":"..","de":".."}); a JSON string holding an
// object is accepted too.
func (p params) stringMap(name string) (map[string]string, bool, error) {
	v, ok := p.values[name]
	if !ok {
		return nil, false, nil
	}
	if s, isStr := v.(string); isStr {
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			return nil, true, invalid(name, s)
		}
		v = m
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		return nil, true, invalid(name, v)
	}
	out := make(map[string]string, len(m))
	for k, e := range m {
		s, _ := params{values: map[string]any{"e": e}}.str("e")
		out[k] = s
	}
	return out, true, nil
}

// file returns the first multipart file part with the given name.
func (p params) file(name string) (*multipart.FileHeader, bool) {
	fs := p.files[name]
	if len(fs) == 0 {
		return nil, false
	}
	return fs[0], true
}

// toInt64 converts a decoded JSON or form value to an integer.
func toInt64(v any) (int64, bool) {
	switch t := v.(type) {
	case json.Number:
		n, err := t.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
		return n, err == nil
	case float64:
		return int64(t), t == float64(int64(t))
	case int64:
		return t, true
	case int:
		return int64(t), true
	}
	return 0, false
}
