package envelope

import "github.com/xecm-go/xecm/internal/jsonread"

// ReadMember reads the member name of an envelope into p when it is one of
// the paging members, and reports whether it was. It decodes as Unmarshal
// would: null sets a pointer to nil and leaves a number as it was, a
// pointer already set is decoded into again.
func (p *Paged) ReadMember(r *jsonread.Reader, name []byte) bool {
	switch string(name) {
	case "collection":
		if r.Null() {
			p.Collection = nil
			return true
		}
		if p.Collection == nil {
			p.Collection = &struct {
				Paging *Paging `json:"paging"`
			}{}
		}
		if !r.Object() {
			return true
		}
		for {
			name, ok := r.Member()
			if !ok {
				return true
			}
			if string(name) == "paging" {
				readPaging(r, &p.Collection.Paging)
			} else {
				r.Unknown(name)
			}
		}
	case "paging":
		readPaging(r, &p.TopPaging)
	default:
		return readPagingMember(r, name, &p.Limit, &p.Page, &p.PageTotal, &p.RangeMin, &p.RangeMax, &p.TotalCount)
	}
	return true
}

func readPaging(r *jsonread.Reader, dst **Paging) {
	if r.Null() {
		*dst = nil
		return
	}
	if *dst == nil {
		*dst = new(Paging)
	}
	pg := *dst
	if !r.Object() {
		return
	}
	for {
		name, ok := r.Member()
		if !ok {
			return
		}
		if !readPagingMember(r, name, &pg.Limit, &pg.Page, &pg.PageTotal, &pg.RangeMin, &pg.RangeMax, &pg.TotalCount) {
			r.Unknown(name)
		}
	}
}

// readPagingMember reads one of the six paging numbers, reporting whether
// name was one of them.
func readPagingMember(r *jsonread.Reader, name []byte, limit, page, pageTotal, rangeMin, rangeMax, totalCount *int) bool {
	var dst *int
	switch string(name) {
	case "limit":
		dst = limit
	case "page":
		dst = page
	case "page_total":
		dst = pageTotal
	case "range_min":
		dst = rangeMin
	case "range_max":
		dst = rangeMax
	case "total_count":
		dst = totalCount
	default:
		return false
	}
	r.Int(dst)
	return true
}
