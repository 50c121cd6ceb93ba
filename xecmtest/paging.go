package xecmtest

// paging is the server's paging block, used as collection.paging (v2),
// top-level paging (business workspaces) or flattened into v1 envelopes.
type paging struct {
	Limit      int `json:"limit"`
	Page       int `json:"page"`
	PageTotal  int `json:"page_total"`
	RangeMin   int `json:"range_min"`
	RangeMax   int `json:"range_max"`
	TotalCount int `json:"total_count"`
}

// pageRequest reads the "page" (default 1) and "limit" (default def)
// query parameters.
func (c *call) pageRequest(def int) (page, limit int, err error) {
	if page, err = c.queryInt("page", 1, 1); err != nil {
		return 0, 0, err
	}
	if limit, err = c.queryInt("limit", def, 1); err != nil {
		return 0, 0, err
	}
	return page, limit, nil
}

// paginate cuts one page out of items. A page past the end is empty (with
// range_min and range_max 0); page_total is at least 1.
func paginate[T any](items []T, page, limit int) ([]T, paging) {
	total := len(items)
	p := paging{Limit: limit, Page: page, TotalCount: total, PageTotal: max(1, (total+limit-1)/limit)}
	start := (page - 1) * limit
	if start >= total {
		return []T{}, p
	}
	end := min(start+limit, total)
	p.RangeMin, p.RangeMax = start+1, end
	return items[start:end], p
}

// v1Fields flattens a paging block into a v1 envelope.
func (p paging) v1Fields(into map[string]any) {
	into["limit"] = p.Limit
	into["page"] = p.Page
	into["page_total"] = p.PageTotal
	into["range_min"] = p.RangeMin
	into["range_max"] = p.RangeMax
	into["total_count"] = p.TotalCount
}
