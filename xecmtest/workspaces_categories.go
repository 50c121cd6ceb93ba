package xecmtest

import (
	"net/http"
	"strconv"
)

// The categories the workspace templates apply, kept in the categories
// area's store (categories.go), which also serves them.
func (s *Server) installWorkspaceCategories() {
	for _, d := range []*catDef{
		{ID: CategoryCustomer, Name: "Customer", Attrs: []*catAttr{
			{ID: 2, Name: "Country", Type: "String", MaxLength: 64}, {ID: 3, Name: "Customer Name", Type: "String", MaxLength: 128},
			{ID: 4, Name: "Industry", Type: "String", MaxLength: 64}, {ID: 5, Name: "Tags", Type: "String", MultiValue: true, MaxValues: 10, MaxLength: 32},
			{ID: 6, Name: "Employees", Type: "Integer"}}},
		{ID: CategorySupplier, Name: "Supplier", Attrs: []*catAttr{
			{ID: 2, Name: "Country", Type: "String", MaxLength: 64}, {ID: 3, Name: "Supplier Number", Type: "String", MaxLength: 20}}},
		{ID: CategoryLegalMatter, Name: "Legal Matter", Attrs: []*catAttr{
			{ID: 2, Name: "Matter Number", Type: "String", MaxLength: 20}, {ID: 3, Name: "Court", Type: "String", MaxLength: 64}}},
	} {
		s.cats.defs[d.ID] = d
	}
}

// applyTemplateCategoryLocked applies the template's category to a new
// workspace, with the values of roles.categories (nested by category id);
// other categories are refused.
func (s *Server) applyTemplateCategoryLocked(c *call, n *node, tpl *wsTemplate) error {
	cid := strconv.FormatInt(tpl.CategoryID, 10)
	nested := map[string]any{cid: map[string]any{}}
	roles, _ := c.params.values["roles"].(map[string]any)
	if raw, ok := roles["categories"]; ok {
		given, isMap := raw.(map[string]any)
		if !isMap {
			return invalid("roles.categories", raw)
		}
		for id, v := range given {
			if id != cid {
				return errorf(http.StatusBadRequest, "The category %s is not applied by the template %d.", id, tpl.ID)
			}
			nested[id] = v
		}
	}
	return s.applyCategoryRolesLocked(c, n, nested, true)
}
