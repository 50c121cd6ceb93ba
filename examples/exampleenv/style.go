package exampleenv

import (
	_ "embed"
	"net/http"
)

// stylesheet is the one stylesheet of the examples' pages.
//
//go:embed style.css
var stylesheet []byte

// StylesheetPath is where the examples' pages link their stylesheet.
const StylesheetPath = "/static/style.css"

// Stylesheet serves the examples' stylesheet, embedded in the binary so
// that the pages work offline and need no CDN.
func Stylesheet() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(stylesheet)
	})
}
