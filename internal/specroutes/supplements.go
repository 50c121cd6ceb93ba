package specroutes

import "slices"

// Supplements returns the operations Content Server serves that no vendor spec
// declares, each verified elsewhere and listed here by hand with its source.
//
// The vendor specs stay the truth; this list is the one reviewed way round
// a gap in them, so that an undeclared route reaches the SDK or the
// simulator only as a named entry with its evidence, never through a typo.
// Match and CheckRequest treat these entries like spec operations, with
// Spec "ref" (shared/reference/ecm-rest-api.md, which cites the source).
// An entry that a vendor spec comes to declare must be dropped from here;
// a test fails until it is.
func Supplements() []Operation { return slices.Clone(supplements) }

// supplements is the table behind Supplements.
var supplements = []Operation{
	{
		Spec:   "ref",
		Method: "DELETE",
		Path:   "/v2/businessworkspaces/{bw_id}/workspacereferences",
		Form:   "bo_id bo_type ext_system_id",
		Body:   "form",
		Source: "ecm-rest-api.md §6 'Remove reference', from OpenText's pyxecm " +
			"(OTCS.delete_workspace_reference), which sends the business object as " +
			"plain form fields in the DELETE body",
	},
	{
		Spec:   "ref",
		Method: "PUT",
		Path:   "/v2/businessworkspaces/{bw_id}/workspacereferences",
		Form:   "bo_id bo_type ext_system_id",
		Body:   "form",
		Source: "ecm-rest-api.md §6 'Set reference (link BO)', from OpenText's pyxecm " +
			"(OTCS.set_workspace_reference), which sends ext_system_id, bo_type and bo_id as form fields",
	},
	{
		Spec:   "ref",
		Method: "GET",
		Path:   "/v2/externalsystems/{ext_system_id}/botypes/{bo_type}/boids/{bo_id}",
		Query:  "metadata",
		Source: "ecm-rest-api.md §6 'Get by business object', from OpenText's pyxecm " +
			"(OTCS.get_workspace_by_business_object): results list and top-level paging",
	},
	{
		Spec:   "ref",
		Method: "GET",
		Path:   "/v2/businessobjecttypes",
		Query:  "where_is_default_search",
		Source: "ecm-rest-api.md §6 'Business object types', from OpenText's pyxecm " +
			"(OTCS.get_business_object_types): results[].data.properties with bo_type, bo_type_id, " +
			"bo_type_name, ext_system_id, is_default_Search, workspace_type_id",
	},
}
