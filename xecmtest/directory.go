package xecmtest

import (
	"fmt"
	"sort"
	"strings"
)

// Seeded member ids.
const (
	adminUserID    int64 = 1000
	jdoeUserID     int64 = 1001
	msmithUserID   int64 = 1002
	defaultGroupID int64 = 2001
)

// directory holds the users and groups (the "members" of Content Server).
type directory struct {
	users  map[int64]*user
	groups map[int64]*group
	nextID int64
}

// user is a Content Server user account.
type user struct {
	ID        int64
	Name      string
	Password  string
	FirstName string
	LastName  string
	Email     string
	GroupID   int64
	Admin     bool
	// Deleted marks a deleted user: Content Server keeps the record (its
	// "already deleted" answer to a second delete says so) but refuses its
	// log-in and leaves it out of searches.
	Deleted bool
	// PhotoID is the document holding the user's profile photo (0: none),
	// photoVersion its version when it was set (members_photo.go).
	PhotoID      int64
	photoVersion int
}

// group is a Content Server group.
type group struct {
	ID      int64
	Name    string
	Members []int64
	// Deleted marks a deleted group, kept as a deleted user is.
	Deleted bool
}

// User is a snapshot of a simulated user account.
type User struct {
	ID        int64
	Name      string
	FirstName string
	LastName  string
	Email     string
	GroupID   int64
	Deleted   bool
}

func (u *user) snapshot() User {
	return User{ID: u.ID, Name: u.Name, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email, GroupID: u.GroupID, Deleted: u.Deleted}
}

func (u *user) displayName() string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.Name
}

func (s *Server) installDirectory() {
	s.dir = directory{users: map[int64]*user{}, groups: map[int64]*group{}, nextID: 3000}
	s.dir.groups[defaultGroupID] = &group{ID: defaultGroupID, Name: "DefaultGroup"}
	for _, u := range []*user{
		{ID: adminUserID, Name: "Admin", Password: "livelink", FirstName: "", LastName: "Admin", Email: "admin@example.com", Admin: true},
		{ID: jdoeUserID, Name: "jdoe", Password: "jdoe-pw", FirstName: "John", LastName: "Doe", Email: "jdoe@example.com"},
		{ID: msmithUserID, Name: "msmith", Password: "msmith-pw", FirstName: "Mary", LastName: "Smith", Email: "msmith@example.com"},
	} {
		s.dir.addLocked(u)
	}
}

func (d *directory) addLocked(u *user) {
	u.GroupID = defaultGroupID
	d.users[u.ID] = u
	g := d.groups[defaultGroupID]
	g.Members = append(g.Members, u.ID)
}

// userByName finds a user who is not deleted by log-in name
// (case-insensitive), ignoring an OTDS partition suffix such as
// "jdoe@Content Server Members".
func (d *directory) userByName(name string) *user {
	name, _, _ = strings.Cut(name, "@")
	for _, u := range d.users {
		if !u.Deleted && strings.EqualFold(u.Name, name) {
			return u
		}
	}
	return nil
}

// AddUser creates a user in DefaultGroup who can log in with name and
// password, and returns its id. It panics if the name is taken.
func (s *Server) AddUser(name, password string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir.userByName(name) != nil {
		panic(fmt.Sprintf("xecmtest: AddUser: user %q exists", name))
	}
	s.dir.nextID++
	u := &user{ID: s.dir.nextID, Name: name, Password: password, LastName: name}
	s.dir.addLocked(u)
	return u.ID
}

// Users returns snapshots of all users, ordered by id.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.dir.users))
	for _, u := range s.dir.users {
		out = append(out, u.snapshot())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// userJSON is the user record of GET api/v1/auth (auth_Data in the spec)
// and of *_expand members.
func (u *user) userJSON() map[string]any {
	return map[string]any{
		"id":                            u.ID,
		"name":                          u.Name,
		"type":                          0,
		"type_name":                     "User",
		"first_name":                    u.FirstName,
		"last_name":                     u.LastName,
		"middle_name":                   nil,
		"display_name":                  u.displayName(),
		"initials":                      initials(u),
		"business_email":                u.Email,
		"group_id":                      u.GroupID,
		"deleted":                       u.Deleted,
		"display_language":              nil,
		"privilege_login":               true,
		"privilege_system_admin_rights": u.Admin,
		"privilege_user_admin_rights":   u.Admin,
		"privilege_content_manager":     u.Admin,
		"photo_id":                      nilIfZero(u.PhotoID),
		"photo_url":                     u.photoURL(),
	}
}

func initials(u *user) string { return firstLetter(u.FirstName) + firstLetter(u.LastName) }

// firstLetter is the first letter of s, upper-cased ("" for "").
func firstLetter(s string) string {
	for _, r := range s {
		return strings.ToUpper(string(r))
	}
	return ""
}
