package main

import (
	"net/http"
	"sync"
)

// ticketSpy is a RoundTripper that notes, in memory only, what some probes
// need to see on the wire: the last ticket sent (the renewal probe ends
// its session with it), whether the server sends renewed tickets, and the
// status of the last Range request. It never writes anything anywhere.
type ticketSpy struct {
	base http.RoundTripper

	mu          sync.Mutex
	last        string
	renewed     bool
	rangeAnswer int
}

// RoundTrip implements http.RoundTripper.
func (s *ticketSpy) RoundTrip(req *http.Request) (*http.Response, error) {
	sent := req.Header.Get("OTCSTicket")
	resp, err := s.base.RoundTrip(req)
	s.mu.Lock()
	defer s.mu.Unlock()
	if sent != "" {
		s.last = sent
	}
	if err != nil {
		return resp, err
	}
	if t := resp.Header.Get("OTCSTicket"); t != "" && sent != "" && t != sent {
		s.renewed = true
	}
	if req.Header.Get("Range") != "" {
		s.rangeAnswer = resp.StatusCode
	}
	return resp, nil
}

func (s *ticketSpy) ticket() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

func (s *ticketSpy) rotated() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renewed
}

func (s *ticketSpy) rangeStatus() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rangeAnswer
}
