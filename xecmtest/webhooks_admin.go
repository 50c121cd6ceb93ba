package xecmtest

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/xecm-go/xecm"
)

// webhookAdminPath is the root of the simulator-only admin endpoint for
// callback subscriptions (see webhooks.go). It lives outside the REST API
// root because no real server has it.
const webhookAdminPath = "/xecmsim/webhooks"

func (s *Server) installWebhookAdmin() {
	s.mux.HandleFunc("POST "+webhookAdminPath, s.loggedIn(s.handleAddSubscription))
	s.mux.HandleFunc("GET "+webhookAdminPath, s.loggedIn(s.handleListSubscriptions))
	s.mux.HandleFunc("DELETE "+webhookAdminPath+"/{id}", s.loggedIn(s.handleRemoveSubscription))
}

// loggedIn refuses a request without a valid credential before reading
// its body. A subscription makes the simulator send requests to any URL:
// in a shared development environment, an open endpoint would let anyone
// who reaches it make the simulator call into the network behind it.
func (s *Server) loggedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.refuseUnauthenticated(w, r) {
			return
		}
		h(w, r)
	}
}

type subscriptionJSON struct {
	ID     string           `json:"id,omitempty"`
	URL    string           `json:"url"`
	Secret string           `json:"secret,omitempty"`
	Types  []xecm.EventType `json:"types,omitempty"`
}

func (s *Server) handleAddSubscription(w http.ResponseWriter, r *http.Request) {
	var req subscriptionJSON
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	if err != nil {
		writeError(w, r, errorf(http.StatusBadRequest, "body must be JSON {\"url\",\"secret\"?,\"types\"?}"))
		return
	}
	sub, err := s.AddSubscription(req.URL, req.Secret, req.Types...)
	if err != nil {
		writeError(w, r, errorf(http.StatusBadRequest, "%s", err.Error()))
		return
	}
	writeJSON(w, http.StatusCreated, subscriptionJSON(sub))
}

func (s *Server) handleListSubscriptions(w http.ResponseWriter, _ *http.Request) {
	subs := s.Subscriptions()
	out := make([]subscriptionJSON, 0, len(subs))
	for _, sub := range subs {
		out = append(out, subscriptionJSON{ID: sub.ID, URL: sub.URL, Types: sub.Types})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleRemoveSubscription(w http.ResponseWriter, r *http.Request) {
	if !s.RemoveSubscription(r.PathValue("id")) {
		writeError(w, r, errorf(http.StatusNotFound, "no subscription %q", r.PathValue("id")))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
