package xecmtest

import (
	"errors"
	"fmt"
	"net/http"
)

// Member profile photos: GET api/v1/members/{id}/photo (the spec's
// GetMemberInfo2) streams the photo, and PUT api/v2/members/{id} with
// photo_id (a document's node ID, as pyxecm's update_user_photo sends it)
// sets it. The spec's answers: 400 "Could not get a member for {id}" for
// an unknown member, 404 "No profile photo is available." for a member
// without one, and a 500 with no content when the caller may not read the
// photo's document. Its 304 ("Not modified") is http.ServeContent's answer
// to If-Modified-Since, the photo version's date being the modification
// time. photo_url carries "?v={photo_id}.{version}" as in the user record
// of pyxecm's docstring; the simulator takes the version at the time the
// photo is set.

func (s *Server) installMembersPhoto() {
	s.apiRaw("GET /v1/members/{id}/photo", 0, s.serveMemberPhoto)
}

// photoURL is the user record's photo_url (nil without a photo).
func (u *user) photoURL() any {
	if u.PhotoID == 0 {
		return nil
	}
	return fmt.Sprintf("api/v1/members/%d/photo?v=%d.%d", u.ID, u.PhotoID, u.photoVersion)
}

// errPhotoHidden is a photo the caller may not read: a 500 with no content.
var errPhotoHidden = errors.New("photo not readable")

func nilIfZero(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// setPhotoLocked makes document photoID the profile photo of u; 0 removes
// it. The spec names no answer for a photo_id that is no document; the
// simulator answers as for other malformed features of the update.
func (s *Server) setPhotoLocked(u *user, photoID int64) error {
	if photoID == 0 {
		u.PhotoID, u.photoVersion = 0, 0
		return nil
	}
	vs := s.docs.versions[photoID]
	if s.nodes.byID[photoID] == nil || len(vs) == 0 {
		return errorf(http.StatusBadRequest, "Could not set feature Photo, value must be the ID of a document")
	}
	u.PhotoID, u.photoVersion = photoID, vs[len(vs)-1].Number
	return nil
}

func (s *Server) serveMemberPhoto(c *call) error {
	s.mu.Lock()
	id, err := c.pathID("id")
	var v *docVersion
	if err == nil {
		v, err = s.memberPhotoLocked(c, id)
	}
	s.mu.Unlock()
	if err == errPhotoHidden {
		c.w.WriteHeader(http.StatusInternalServerError) // no content, as the spec says
		return nil
	}
	if err != nil {
		return err
	}
	r, err := v.Content.open()
	if err != nil {
		return errorf(http.StatusInternalServerError, "Could not open the content: %v", err)
	}
	defer r.Close()
	c.w.Header().Set("Content-Type", v.MimeType)
	http.ServeContent(c.w, c.r, "", v.Created, r)
	return nil
}

// memberPhotoLocked is the latest version of member id's photo, if the
// caller may read it.
func (s *Server) memberPhotoLocked(c *call, id int64) (*docVersion, error) {
	u := s.dir.users[id]
	switch {
	case u == nil && s.dir.groups[id] == nil:
		return nil, errorf(http.StatusBadRequest, "Could not get a member for %d", id)
	case u == nil || u.PhotoID == 0:
		return nil, errorf(http.StatusNotFound, "No profile photo is available.")
	}
	n := s.nodes.byID[u.PhotoID]
	vs := s.docs.versions[u.PhotoID]
	if n == nil || len(vs) == 0 {
		// The photo's document was deleted since.
		return nil, errorf(http.StatusNotFound, "No profile photo is available.")
	}
	if err := s.checkAccessLocked(c, n, "see_contents"); err != nil {
		return nil, errPhotoHidden
	}
	return vs[len(vs)-1], nil
}
