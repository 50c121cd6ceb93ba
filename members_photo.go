package xecm

import (
	"context"
	"io"
	"net/http"
	"strconv"
)

// MemberPhoto is an open profile photo stream. Read it, then Close it.
type MemberPhoto struct {
	io.ReadCloser
	// MimeType is the content type the server sent, such as "image/png".
	MimeType string
	// Size is the photo's length in bytes, -1 if the server did not say.
	Size int64
}

// Photo opens the profile photo of a user, for a portal or directory
// page to show or pass on; the caller must close it. A user without a
// photo is answered 404 ("No profile photo is available.", matching
// ErrNotFound), an unknown member 400 ("Could not get a member", also
// ErrNotFound), and a photo whose document the caller may not read a 500
// with no content (an *APIError). The photo is the document named by the
// user's PhotoID; set it with Update (MemberUpdate.PhotoID).
//
// OpenText API: GET api/v1/members/{id}/photo
func (s *MembersService) Photo(ctx context.Context, userID int64) (_ *MemberPhoto, err error) {
	const op = "Members.Photo"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "user ID", userID); err != nil {
		return nil, err
	}
	path := "v1/members/" + strconv.FormatInt(userID, 10) + "/photo"
	resp, err := s.c.stream(ctx, &request{method: http.MethodGet, path: path, accept: "image/*"})
	if err != nil {
		return nil, err
	}
	p := &MemberPhoto{ReadCloser: resp.Body, MimeType: resp.Header.Get("Content-Type"), Size: -1}
	if enc := resp.Header.Get("Content-Encoding"); (enc == "" || enc == "identity") && resp.ContentLength >= 0 {
		p.Size = resp.ContentLength
	}
	return p, nil
}
