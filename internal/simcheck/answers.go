package simcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/internal/specroutes/specgen"
	"github.com/xecm-go/xecm/xecmtest"
)

// Answers fails the test for each successful JSON answer the simulator
// gave that the response schema of its operation refuses, where the vendor
// spec declares one (kin-openapi validates). The specs live beside the
// repository (../shared/spec); without them the check is skipped, once per
// test, with a reason.
//
// Where a schema and the evidence of the real server disagree, the evidence
// wins: the schemas are adjusted as schemaExceptions lists, each with its
// source, before anything is validated.
func Answers(t testing.TB, sim *xecmtest.Server) {
	t.Helper()
	docs, err := loadSpecs()
	if err != nil {
		t.Logf("simcheck: answers not held to the response schemas: %v", err)
		return
	}
	if _, n := sim.DroppedFromRequestLog(); n > 0 {
		t.Errorf("simcheck: %d answers were let go by the simulator's request log (it keeps 64 MiB) and were not held to the response schemas", n)
	}
	reported := map[string]bool{}
	for _, r := range sim.Requests() {
		if r.APIPath == "" || r.Answer == nil || r.Status < 200 || r.Status > 299 {
			continue
		}
		err := docs.check(r.Method, r.APIPath, r.Status, r.Answer)
		if err == nil {
			continue
		}
		msg := fmt.Sprintf("%s %s: %v", r.Method, r.APIPath, err)
		if !reported[msg] {
			reported[msg] = true
			t.Errorf("answer refused by the response schema of the vendor spec: %s\nanswer: %s", msg, clip(r.Answer))
		}
	}
}

// check validates a JSON answer of status to method and path against the
// response schema of its operation (nil when it declares none).
func (d specDocs) check(method, path string, status int, answer []byte) error {
	schema := d.schema(method, path, status)
	if schema == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(answer, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := schema.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return errors.New(explain(err))
	}
	return nil
}

// explain says why a value failed: for a value that matched no branch of
// an anyOf (the array-or-object exception), why it failed each branch.
func explain(err error) string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if !errors.As(err, &se) {
			out = append(out, err.Error())
			return
		}
		at := "/" + strings.Join(se.JSONPointer(), "/")
		if se.Schema != nil && len(se.Schema.AnyOf) > 0 {
			for i, b := range se.Schema.AnyOf {
				if b.Value == nil {
					continue
				}
				if berr := b.Value.VisitJSON(se.Value, openapi3.MultiErrors()); berr != nil {
					out = append(out, fmt.Sprintf("at %s, as anyOf branch %d: %s", at, i, explain(berr)))
				}
			}
			return
		}
		out = append(out, fmt.Sprintf("at %s: %s", at, se.Reason))
	}
	walk(err)
	return strings.Join(out, "; ")
}

func clip(b []byte) []byte {
	if len(b) > 2000 {
		return append(bytes.Clone(b[:2000]), "..."...)
	}
	return b
}

// specDocs are the loaded vendor specs by name ("cs", "bw", "rm"), with
// their path items by normalised path.
type specDocs struct {
	paths map[string]map[string]*openapi3.PathItem
}

var (
	specsOnce sync.Once
	specs     specDocs
	specsErr  error
)

func loadSpecs() (specDocs, error) {
	specsOnce.Do(func() {
		root, err := specgen.ModuleRoot()
		if err != nil {
			specsErr = err
			return
		}
		dir := filepath.Join(root, "..", "shared", "spec")
		if _, err := os.Stat(dir); err != nil {
			specsErr = fmt.Errorf("vendor specs not found at %s (they live beside the repository on dev and CI machines)", dir)
			return
		}
		specs.paths = map[string]map[string]*openapi3.PathItem{}
		for _, s := range specgen.Specs() {
			l := openapi3.NewLoader()
			doc, err := l.LoadFromFile(filepath.Join(dir, s.File))
			if err != nil {
				specsErr = fmt.Errorf("loading %s: %w", s.File, err)
				return
			}
			applyExceptions(doc)
			m := map[string]*openapi3.PathItem{}
			for p, item := range doc.Paths.Map() {
				m[specgen.NormalizePath(p)] = item
			}
			specs.paths[s.Name] = m
		}
	})
	return specs, specsErr
}

// schema returns the JSON response schema that the spec operation of
// method and path declares for status, or nil.
func (d specDocs) schema(method, path string, status int) *openapi3.Schema {
	op, ok := specroutes.Match(method, path)
	if !ok || op.Spec == "ref" {
		return nil
	}
	item := d.paths[op.Spec][op.Path]
	if item == nil {
		return nil
	}
	o := item.GetOperation(method)
	if o == nil || o.Responses == nil {
		return nil
	}
	resp := o.Responses.Value(strconv.Itoa(status))
	if resp == nil && status == http.StatusOK {
		resp = o.Responses.Default()
	}
	if resp == nil || resp.Value == nil {
		return nil
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	return mt.Schema.Value
}
