package xecmtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Node subtypes the core knows about (reference §4.1).
const (
	TypeFolder              = 0
	TypeShortcut            = 1
	TypeDocument            = 144
	TypeURL                 = 140
	TypeCategory            = 131
	TypeEnterpriseWorkspace = 141
	TypeBusinessWorkspace   = 848
)

// EnterpriseWorkspaceID is the id of the seeded Enterprise Workspace volume.
const EnterpriseWorkspaceID int64 = 2000

// maxNameLength is Content Server's MAX_ITEM_NAME_LENGTH.
const maxNameLength = 248

var typeNames = map[int]string{
	0: "Folder", 1: "Shortcut", 2: "Generation", 128: "Workflow Map", 130: "Topic", 131: "Category",
	132: "Category Folder", 133: "Categories Volume", 134: "Reply", 136: "Compound Document", 140: "URL",
	141: "Enterprise Workspace", 142: "Personal Workspace", 144: "Document", 190: "Workflow Status",
	196: "Classification Tree", 198: "Classification Volume", 199: "Classification", 202: "Project",
	298: "Collection", 550: "Records Management", 751: "Email Folder", 833: "Hold", 848: "Business Workspace",
	854: "Related Workspace", 862: "Business Workspaces", 899: "Virtual Folder", 20541: "Document Templates", 30303: "WebReport",
}

// containerTypes are the subtypes that hold children.
var containerTypes = map[int]bool{0: true, 132: true, 133: true, 136: true, 141: true, 142: true, 196: true, 198: true, 199: true, 202: true, 298: true, 751: true, 848: true, 862: true, 20541: true}

func typeName(t int) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("Subtype %d", t)
}

// nodeStore is the node tree and the extension points other areas hook
// into (see nodehooks.go).
type nodeStore struct {
	byID   map[int64]*node
	nextID int64
	bin    map[int64]*binned // the Recycle Bin, by the deleted item's id
	hooks  nodeHooks
	// propsScratch is the map the props hooks write into, reused from
	// node to node (runPropsHooksLocked).
	propsScratch map[string]any
	// nameSorts keeps the last browse sorts by name (browse_sortcache.go).
	nameSorts nameSortCache
}

// node is one Content Server item.
type node struct {
	ID, ParentID, VolumeID int64
	Type                   int
	Name, Description      string
	NameML, DescriptionML  map[string]string
	Created, Modified      time.Time
	CreateUser, ModifyUser int64
	OwnerUser, OwnerGroup  int64
	ReservedUser           int64 // 0 when not reserved
	Reserved               time.Time
	Size                   int64 // bytes for documents (containers report their child count)
	MimeType               string
	Children               []int64        // in insertion order
	Rev                    int64          // bumped on every change; source of metadata_token
	Props                  map[string]any // extra properties set by other areas
	Nickname               string         // "" when none (nicknames.go)
	ReserveQueue           []int64        // users asking to reserve it next (reservemanagement.go)
	lower                  lowerName      // Name lower-cased, for browse sorts and filters
}

// lowerName is a node's name lower-cased, with the name it was made from.
type lowerName struct{ of, lower string }

// lowerName returns n.Name lower-cased, made again only when the name has
// changed since. The caller holds s.mu.
func (n *node) lowerName() string {
	if n.lower.of != n.Name || n.lower.lower == "" && n.Name != "" {
		n.lower = lowerName{of: n.Name, lower: strings.ToLower(n.Name)}
	}
	return n.lower.lower
}

func (n *node) container() bool { return containerTypes[n.Type] }

// Node is a snapshot of a simulated node, as returned by Server.Node.
type Node struct {
	ID, ParentID, VolumeID  int64
	Type                    int
	TypeName                string
	Name, Description       string
	NameMultilingual        map[string]string
	DescriptionMultilingual map[string]string
	Created, Modified       time.Time
	CreateUserID            int64
	ModifyUserID            int64
	OwnerUserID             int64
	ReservedUserID          int64 // 0 when not reserved
	Reserved                time.Time
	Nickname                string // "" when none
	Size                    int64
	MimeType                string
	Container               bool
	ChildIDs                []int64
}

func (n *node) snapshot() Node {
	return Node{
		ID: n.ID, ParentID: n.ParentID, VolumeID: n.VolumeID, Type: n.Type, TypeName: typeName(n.Type),
		Name: n.Name, Description: n.Description,
		NameMultilingual: cloneMap(n.NameML), DescriptionMultilingual: cloneMap(n.DescriptionML),
		Created: n.Created, Modified: n.Modified, CreateUserID: n.CreateUser, ModifyUserID: n.ModifyUser,
		OwnerUserID: n.OwnerUser, ReservedUserID: n.ReservedUser, Reserved: n.Reserved, Nickname: n.Nickname,
		Size: n.Size, MimeType: n.MimeType, Container: n.container(), ChildIDs: append([]int64(nil), n.Children...),
	}
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *Server) installNodes() {
	s.nodes = nodeStore{byID: map[int64]*node{}, nextID: 100000}
	s.nodes.hooks.create = map[int]createHook{TypeFolder: createContainer}
	s.nodes.hooks.sections = map[string]sectionFunc{}
	s.nodes.hooks.roles = map[string]roleHook{}
	now := s.now()
	s.nodes.byID[EnterpriseWorkspaceID] = &node{
		ID: EnterpriseWorkspaceID, ParentID: -1, VolumeID: -EnterpriseWorkspaceID, Type: TypeEnterpriseWorkspace,
		Name: "Enterprise Workspace", NameML: map[string]string{"en": "Enterprise Workspace"}, DescriptionML: map[string]string{"en": ""},
		Created: now, Modified: now, CreateUser: adminUserID, ModifyUser: adminUserID, OwnerUser: adminUserID, OwnerGroup: defaultGroupID, Rev: 1,
	}
	s.installNodeRoutes()
	s.installNodeRoutesV1()
	s.installNodeLists()
	s.installRecycleBin()
}

// getNode returns the node with the given id or the server's 400.
func (s *Server) getNode(id int64) (*node, error) {
	if n := s.nodes.byID[id]; n != nil {
		return n, nil
	}
	return nil, errNoAccess()
}

// checkName applies the server's name rules for a new name under parent;
// self is the node being renamed (0 when creating).
func (s *Server) checkName(parent *node, name string, self int64) error {
	if name == "" {
		return missing("name")
	}
	if utf8.RuneCountInString(name) > maxNameLength {
		return errorf(http.StatusBadRequest, "The name must not exceed %d characters.", maxNameLength)
	}
	for _, id := range parent.Children {
		if c := s.nodes.byID[id]; c != nil && id != self && c.Name == name {
			return errorf(http.StatusInternalServerError, "An item with the name '%s' already exists.", name)
		}
	}
	return nil
}

// newNode is what a create hook asks insertNodeLocked to make.
type newNode struct {
	ParentID    int64
	Type        int
	Name        string
	Description string
	Size        int64
	MimeType    string
	Props       map[string]any
}

// insertNodeLocked validates and creates a node under its parent as
// userID. It records no audit event: the caller does (createdLocked) once
// the whole operation has succeeded. The caller holds s.mu.
func (s *Server) insertNodeLocked(spec newNode, userID int64) (*node, error) {
	parent, err := s.getNode(spec.ParentID)
	if err != nil {
		return nil, err
	}
	if !parent.container() {
		return nil, errorf(http.StatusBadRequest, "Could not create a new %s: the parent %d is not a container.", typeName(spec.Type), parent.ID)
	}
	if err := s.checkName(parent, spec.Name, 0); err != nil {
		return nil, err
	}
	now := s.now()
	s.nodes.nextID++
	n := &node{
		ID: s.nodes.nextID, ParentID: parent.ID, VolumeID: parent.VolumeID, Type: spec.Type,
		Name: spec.Name, Description: spec.Description,
		NameML: map[string]string{"en": spec.Name}, DescriptionML: map[string]string{"en": spec.Description},
		Created: now, Modified: now, CreateUser: userID, ModifyUser: userID, OwnerUser: userID, OwnerGroup: defaultGroupID,
		Size: spec.Size, MimeType: spec.MimeType, Props: spec.Props, Rev: 1,
	}
	s.nodes.byID[n.ID] = n
	parent.Children = append(parent.Children, n.ID)
	return n, nil
}

// touchLocked marks n as modified by userID.
func (s *Server) touchLocked(n *node, userID int64) {
	n.Modified, n.ModifyUser = s.now(), userID
	n.Rev++
}

// ancestorsLocked returns the chain from the volume root down to n.
func (s *Server) ancestorsLocked(n *node) []*node {
	var chain []*node
	for cur := n; cur != nil; cur = s.nodes.byID[cur.ParentID] {
		chain = append(chain, cur)
		if len(chain) > 10000 {
			break
		}
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain
}

// AddFolder creates a folder named name under parentID as Admin and
// returns its id; the Create event is audited. It panics when the parent
// does not exist or the name is invalid or taken, so seeding mistakes fail
// loudly.
func (s *Server) AddFolder(parentID int64, name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.insertNodeLocked(newNode{ParentID: parentID, Type: TypeFolder, Name: name}, adminUserID)
	if err != nil {
		panic(fmt.Sprintf("xecmtest: AddFolder(%d, %q): %v", parentID, name, err))
	}
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventCreate, UserID: adminUserID})
	return n.ID
}

// Node returns a snapshot of the node with the given id.
func (s *Server) Node(id int64) (Node, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes.byID[id]
	if n == nil {
		return Node{}, false
	}
	return n.snapshot(), true
}

// Children returns snapshots of the children of a node in creation order
// (nil when the node does not exist).
func (s *Server) Children(id int64) []Node {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes.byID[id]
	if n == nil {
		return nil
	}
	out := make([]Node, 0, len(n.Children))
	for _, cid := range n.Children {
		out = append(out, s.nodes.byID[cid].snapshot())
	}
	return out
}
