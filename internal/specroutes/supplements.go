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
}
