package specroutes

import "slices"

// Supplements returns what Content Server takes that no vendor spec
// declares in its parameter lists, each verified elsewhere and listed here
// by hand with its source. An entry is either
//
//   - an operation no spec declares (the route itself is the supplement), or
//   - parameters of an operation a spec declares (same method and path):
//     its Query, Form and JSON names are added to that operation's, and
//     Match returns the operation with them and with this entry's Source.
//
// The vendor specs stay the truth; this list is the one reviewed way round
// a gap in them, so that an undeclared route or parameter reaches the SDK
// or the simulator only as a named entry with its evidence, never through a
// typo. Match and Check treat these entries like spec operations, with
// Spec "ref" (shared/reference/ecm-rest-api.md, which cites the source).
// An entry that a vendor spec comes to declare (the route, or each
// parameter) must be dropped from here; a test fails until it is.
func Supplements() []Operation { return slices.Clone(supplements) }

// supplements is the table behind Supplements.
var supplements = []Operation{
	{
		Spec:   "ref",
		Method: "GET",
		Path:   "/v2/docworkflows",
		Query:  "doc_id parent_id",
		Source: "ecm-rest-api.md §11 'Workflows on a document', from OpenText's pyxecm " +
			"(OTCS.get_document_workflows: doc_id, repeated for several documents, and " +
			"parent_id; its docstring shows results.data [{DataID, Name, WorkflowType}], " +
			"fError, fErrorDetail, statusMsg) and OpenText's Smart UI " +
			"(workflow/models/workflow/workflow.model.js getDocumentWorkflows, the same " +
			"query, parent_id -1 when the documents have no container)",
	},
	{
		Spec:   "ref",
		Method: "GET",
		Path:   "/v2/businessworkspaces/{bw_id}",
		Query:  "include_icon",
		Source: "OpenText's Smart UI, conws/widgets/header/impl/header.model.js (vendored in " +
			"vashisht7/OTCS-Widgets): the header reads the workspace with include_icon=true and " +
			"takes business_properties.workspace_widget_icon_content (a data: URI) or " +
			"workspace_type_widget_icon_content; its mocks (header.mock.js) answer so",
	},
	{
		Spec:   "ref",
		Method: "POST",
		Path:   "/v2/volumes/recyclebin/nodes/purge",
		JSON:   "ids",
		Source: "the CS 2.0.2 spec's own description of purgeRecycleBin: \"The 'body' " +
			"parameter must be used\", with body {\"ids\":[...]} (it declares no request body)",
	},
	{
		Spec:   "ref",
		Method: "POST",
		Path:   "/v2/volumes/recyclebin/nodes/restore",
		JSON:   "ids",
		Source: "the CS 2.0.2 spec's own description of restoreRecycleBin: \"The 'body' " +
			"parameter must be used\", with body {\"ids\":[3589,3590,7321]} (it declares no request body)",
	},
	{
		Spec:   "ref",
		Method: "POST",
		Path:   "/v2/nodes",
		JSON:   "roles",
		Source: "the CS 2.0.2 spec's own description of createNode2, whose examples of the " +
			"\"body\" JSON apply categories with {\"roles\":{\"categories\":{...}}} " +
			"(its property list leaves roles out); ecm-rest-api.md §4.2, §5, §7.1",
	},
	{
		Spec:   "ref",
		Method: "DELETE",
		Path:   "/v1/nodes/{id}/rmclassifications/{class_id}",
		Query:  "rm_metadataToken",
		Source: "the RM 26.1 spec's own description of RemoveRMClassification: \"The " +
			"rm_metadataToken need to be specified as query string parameter to avoid " +
			"edit conflicts\" (its parameter list leaves it out)",
	},
	{
		Spec:   "ref",
		Method: "POST",
		Path:   "/v1/validation/nodes/names",
		JSON:   "names parent_id",
		Source: "the CS 2.0.2 spec's own description of CheckNames2's body: \"A JSON object in " +
			"string format specifying the following: 'parent_id' (integer) and 'names' (List of " +
			"strings)\"; ecm-rest-api.md §4.2 'Name check', from OpenText's pyxecm " +
			"(OTCS.check_node_name), which sends it as the form field body",
	},
	{
		Spec:   "ref",
		Method: "PUT",
		Path:   "/v2/processes/{process_id}/subprocesses/{subprocess_id}/tasks/{task_id}",
		Form:   "assignee assigneeOption values",
		Source: "OpenText's Smart UI, workflow/models/workitem/workitem.model.js " +
			"(sendAction; vendored in vashisht7/OTCS-Widgets): a Delegate or Review " +
			"names its user in \"assignee\", a Review also sends \"assigneeOption\" " +
			"(\"0\" unless set); ecm-rest-api.md §11, from pyxecm, sends \"assignee\" too. " +
			"\"values\" with action=formUpdate saves the task's form (ecm-rest-api.md §11 " +
			"'Send on / update task', as the draft process PUT the spec declares takes it; " +
			"the Smart UI's task form names this PUT as its form action)",
	},
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
