package simcheck

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaExceptions are where the vendor specs' response schemas and the
// evidence of the real server disagree. The evidence wins: before any
// answer is validated, every schema of the specs is adjusted as listed.
var schemaExceptions = []struct {
	rule, source string
	apply        func(*openapi3.Schema)
}{
	{
		rule: "an array of objects also takes one such object",
		source: "reference §2 (pyxecm's get_result_value reads results and data as an object " +
			"or a list; Smart UI mocks and pyxecm docstrings show collection, links, results " +
			"and data as objects, e.g. GET /v2/nodes/{id} and the audit answer of §8), where " +
			"the CS schemas mark them arrays; v1 answers such as versions/latest likewise",
		apply: func(s *openapi3.Schema) {
			if s.Type.Is(openapi3.TypeArray) && s.Items != nil && s.Items.Value != nil &&
				(s.Items.Value.Type.Is(openapi3.TypeObject) || len(s.Items.Value.Properties) > 0) {
				arr := *s
				*s = openapi3.Schema{AnyOf: openapi3.SchemaRefs{openapi3.NewSchemaRef("", &arr), s.Items}}
			}
		},
	},
	{
		rule: "any value may be null",
		source: "reference §8 (Smart UI audit mock: agent_id, target_user_id and " +
			"audit_language_code null where the schema says integer and string), §4.3 " +
			"(locked_date, locked_user_id null), §7.1 (pyxecm: rsi, received_date, accession " +
			"null): the specs never mark a property nullable",
		apply: func(s *openapi3.Schema) { s.Nullable = true },
	},
	{
		rule: "a \"date\" string may carry a time",
		source: "reference §8 (Smart UI audit mock: audit_date \"2019-09-11T09:47:50\", " +
			"which the schema declares format date), §7.1 (pyxecm: record_date " +
			"\"2026-04-16T00:00:00\"), §7.2 (date_applied YYYY-MM-DDTHH:mm:ss)",
		apply: func(s *openapi3.Schema) {
			if s.Format == "date" {
				s.Format = ""
			}
		},
	},
	{
		rule: "a \"date-time\" string may have no zone",
		source: "reference §1.2/§2 and §8 (the Smart UI audit mock's audit_date " +
			"\"2019-09-11T09:47:50\"), §4.3 (pyxecm's versions answer), §7.1: v1, audit and " +
			"RM answers write local times without a zone",
		apply: func(s *openapi3.Schema) {
			if s.Format == "date-time" {
				s.Format = ""
			}
		},
	},
	{
		rule: "a pattern that is a display format (\"YYYY-MM-DDTHH:mm:ss\") is no pattern",
		source: "the RM spec writes the date format as a regular expression (it matches " +
			"nothing the server sends); reference §7.2: date_applied is YYYY-MM-DDTHH:mm:ss",
		apply: func(s *openapi3.Schema) {
			if strings.Contains(s.Pattern, "YYYY") {
				s.Pattern = ""
			}
		},
	},
	{
		rule:   "a version's locked is a boolean",
		source: "reference §4.3, pyxecm's recorded versions answer (\"locked\":false); the CS schema says integer",
		apply:  widen("locked", openapi3.TypeInteger, &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeBoolean}}),
	},
	{
		rule:   "a permission entry's permissions is a list of names",
		source: "reference §10 (recorded answer {\"permissions\":[\"see\",\"see_contents\"],...}); the CS schema says string",
		apply: widen("permissions", openapi3.TypeString, &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray},
			Items: openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}})}),
	},
	{
		rule:   "a search result's regions is an object of region values",
		source: "reference §9.1, pyxecm's docstring: data.regions holds OTName, OTLocation, OTMIMEType, ...; the CS schema says string",
		apply:  widen("regions", openapi3.TypeString, &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}}),
	},
	{
		rule:   "a hold's AlternateHoldID is the alternate ID given at creation, a string",
		source: "the RM spec itself: POST /v1/holds takes alternate_id as a string, its Hold schema answers an integer",
		apply:  widen("AlternateHoldID", openapi3.TypeInteger, &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}}),
	},
	{
		rule: "a draft process PUT that saves the form (formUpdate) answers no process",
		source: "reference §11: custom_message, process_id, WorkID and WRID are the answer of " +
			"Initiate, which starts the process; a formUpdate fills a draft that has none yet " +
			"(inferred: no recorded formUpdate answer is public)",
		apply: func(s *openapi3.Schema) {
			if slices.Contains(s.Required, "custom_message") && slices.Contains(s.Required, "process_id") {
				s.Required = nil
			}
		},
	},
	{
		rule:   "fields_order of an RM classification answer is a list",
		source: "reference §7.1, pyxecm's recorded answer of GET /v1/nodes/{id}/rmclassifications (\"fields_order\":[...]); the RM schema says string",
		apply: func(s *openapi3.Schema) {
			if p := s.Properties["fields_order"]; p != nil && p.Value != nil && p.Value.Type.Is(openapi3.TypeString) {
				s.Properties["fields_order"] = openapi3.NewSchemaRef("", &openapi3.Schema{Nullable: true})
			}
		},
	},
}

// widen returns an exception that lets the property name, where a schema
// declares it of type typ, also take alt.
func widen(name, typ string, alt *openapi3.Schema) func(*openapi3.Schema) {
	return func(s *openapi3.Schema) {
		p := s.Properties[name]
		if p == nil || p.Value == nil || !p.Value.Type.Is(typ) {
			return
		}
		alt := *alt
		alt.Nullable = true
		s.Properties[name] = openapi3.NewSchemaRef("", &openapi3.Schema{Nullable: true,
			AnyOf: openapi3.SchemaRefs{p, openapi3.NewSchemaRef("", &alt)}})
	}
}

// applyExceptions adjusts every schema reachable from the responses of doc
// by schemaExceptions, each shared schema once.
func applyExceptions(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		// Children first: the array rule copies the schema it wraps.
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		for _, l := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, c := range l {
				walk(c)
			}
		}
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
		for _, e := range schemaExceptions {
			e.apply(s)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r.Value == nil {
					continue
				}
				for _, mt := range r.Value.Content {
					walk(mt.Schema)
				}
			}
		}
	}
}
