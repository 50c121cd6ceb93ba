package portal

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CollectionPage is the JSON of GET /collections/{name}.
type CollectionPage struct {
	Collection string           `json:"collection"`
	Title      string           `json:"title,omitempty"`
	Page       int              `json:"page"`
	Limit      int              `json:"limit"`
	Total      int              `json:"total"`
	PageTotal  int              `json:"page_total"`
	Items      []CollectionItem `json:"items"`
}

// CollectionItem is one published document in a listing.
type CollectionItem struct {
	ID       int64     `json:"id"`
	Name     string    `json:"name"`
	Version  int       `json:"version"`
	FileName string    `json:"file_name,omitempty"`
	MimeType string    `json:"mime_type"`
	Size     int64     `json:"size"` // -1 when unknown
	Modified time.Time `json:"modified"`
	SHA256   string    `json:"sha256,omitempty"`
	// Href is the version's URL path, relative to the Handler's mount
	// point: "documents/{id}/versions/{version}".
	Href string `json:"href"`
}

// serveCollection answers GET and HEAD /collections/{name}?page=&limit=.
func (h *Handler) serveCollection(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	col, ok := h.cfg.Collections[name]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "not found")
		return
	}
	if !allowRead(w, r) {
		return
	}
	page, ok1 := queryInt(r, "page", 1)
	limit, ok2 := queryInt(r, "limit", DefaultPageSize)
	if !ok1 || !ok2 || page < 1 || limit < 1 || limit > MaxPageSize {
		writeError(w, http.StatusBadRequest, "bad_request",
			"page must be a number from 1, limit a number from 1 to "+strconv.Itoa(MaxPageSize))
		return
	}
	items, err := h.collection(r.Context(), col)
	if err != nil {
		h.upstreamFailure(w, r, err, "listing collection "+name, col.Folder, 0)
		return
	}
	out := CollectionPage{Collection: name, Title: col.Title, Page: page, Limit: limit, Total: len(items),
		PageTotal: (len(items) + limit - 1) / limit, Items: []CollectionItem{}}
	// Compare pages, not offsets: (page-1)*limit overflows for huge pages.
	if page <= out.PageTotal {
		from := (page - 1) * limit
		out.Items = items[from:min(from+limit, len(items))]
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json; charset=utf-8")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", readerCacheControl)
	_ = json.NewEncoder(w).Encode(out)
}

func queryInt(r *http.Request, key string, def int) (int, bool) {
	s := r.URL.Query().Get(key)
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// collection returns the published documents of a collection, sorted,
// through the cache.
func (h *Handler) collection(ctx context.Context, col Collection) ([]CollectionItem, error) {
	key := cacheKey{kindCollection, col.Folder}
	if col.SortByName {
		key.id = -col.Folder // another order, another entry
	}
	v, err := h.cache.get(ctx, key, func(ctx context.Context) (any, []int64, error) {
		items, err := h.listPublished(ctx, col)
		return items, nil, err // every invalidation drops collections
	})
	if err != nil {
		return nil, err
	}
	return v.([]CollectionItem), nil
}

// listPublished reads the folder's documents and keeps the published ones.
func (h *Handler) listPublished(ctx context.Context, col Collection) ([]CollectionItem, error) {
	folder, err := h.document(ctx, col.Folder)
	if err != nil {
		return nil, err
	}
	above := append(slices.Clip(folder.Ancestors), folder.ID)
	items := []CollectionItem{}
	for child, err := range h.src.Children(ctx, col.Folder) {
		if err != nil {
			return nil, err
		}
		if child == nil {
			continue
		}
		if len(child.Ancestors) == 0 {
			c := *child
			c.Ancestors = above
			child = &c
		}
		pub, err := h.resolveDoc(ctx, child, 0)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if len(items) == MaxCollectionSize {
			h.log.Warn("portal: collection truncated", "folder", col.Folder, "max", MaxCollectionSize)
			break
		}
		v := pub.version
		items = append(items, CollectionItem{ID: child.ID, Name: child.Name, Version: v.Number, FileName: v.FileName,
			MimeType: v.MimeType, Size: v.Size, Modified: lastModified(child, v), SHA256: v.SHA256,
			Href: "documents/" + strconv.FormatInt(child.ID, 10) + "/versions/" + strconv.Itoa(v.Number)})
	}
	if col.SortByName {
		slices.SortStableFunc(items, func(a, b CollectionItem) int { return strings.Compare(a.Name, b.Name) })
	} else {
		slices.SortStableFunc(items, func(a, b CollectionItem) int {
			if c := b.Modified.Compare(a.Modified); c != 0 {
				return c
			}
			return strings.Compare(a.Name, b.Name) // same second: a stable order
		})
	}
	return items, nil
}
