package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm"
)

// steps lists the capabilities in the order they are probed. The write
// steps come after the reads they do not need, and every write happens in
// the sandbox folder that "folder" creates.
func steps() []step {
	return []step{
		{name: "login", title: "login", run: probeLogin},
		{name: "renewal", title: "ticket renewal", run: probeRenewal},
		{name: "serverinfo", title: "server info", run: probeServerInfo},
		{name: "browse", title: "browse and paging", run: probeBrowse},
		{name: "folder", title: "create folder (the sandbox)", write: true, run: probeCreateFolder},
		{name: "upload", title: "upload a small document", write: true, run: probeUpload},
		{name: "largefile", title: "upload through a large-file session", write: true, run: probeLargeFile},
		{name: "download", title: "download with Range", run: probeDownload},
		{name: "versions", title: "versions", run: probeVersions},
		{name: "categories", title: "categories given by name", run: probeCategories},
		{name: "workspaces", title: "workspaces of a type", run: probeWorkspaces},
		{name: "search", title: "search", run: probeSearch},
		{name: "audit", title: "audit trail", run: probeAudit},
		{name: "permissions", title: "permissions and members read", run: probePermissions},
		{name: "records", title: "RM classifications and holds read", run: probeRecords},
		{name: "workflows", title: "workflows available", run: probeWorkflows},
	}
}

// stepNames returns the names -skip accepts.
func stepNames() []string {
	var names []string
	for _, s := range steps() {
		names = append(names, s.name)
	}
	return names
}

func probeLogin(ctx context.Context, p *probe) (string, error) {
	me, err := p.c.Members.Me(ctx)
	if err != nil {
		return "", err
	}
	p.me = me
	detail := fmt.Sprintf("logged in as %s (user %d) with %s", me.Name, me.ID, p.opts.Mode)
	p.resolveParent(ctx)
	if p.opts.ParentID == 0 && p.parent != 0 {
		detail += fmt.Sprintf("; working in your Personal Workspace %d", p.parent)
	}
	return detail, nil
}

// probeRenewal ends the probe's session on the server from a second
// client holding the same ticket, then calls again with the first: the
// server must refuse the ended ticket and the SDK log in again and replay
// the call. It changes no content.
func probeRenewal(ctx context.Context, p *probe) (string, error) {
	if ok, why := p.opts.Mode.renews(); !ok {
		return "", skip("%s", why)
	}
	if p.me == nil {
		return "", skip("the login step did not succeed")
	}
	old := p.spy.ticket()
	if old == "" {
		return "", errors.New("no OTCSTicket header was sent after the login")
	}
	ender, err := p.newClient(xecm.WithTicket(old))
	if err != nil {
		return "", err
	}
	if err := ender.Logout(ctx); err != nil {
		return "", fmt.Errorf("ending the session (DELETE api/v1/auth): %w", err)
	}
	if _, err := p.c.Members.Me(ctx); err != nil {
		return "", fmt.Errorf("calling again after the session ended: %w", err)
	}
	rotates := ""
	if p.spy.rotated() {
		rotates = "; the server renews tickets in the OTCSTicket response header"
	}
	if p.spy.ticket() == old {
		return "the server still accepts a ticket whose session was ended (DELETE api/v1/auth), so logging in again was not exercised" + rotates, nil
	}
	return "the server refused the ticket of an ended session and the SDK logged in again" + rotates, nil
}

func probeServerInfo(ctx context.Context, p *probe) (string, error) {
	ping, err := p.c.Ping(ctx)
	if err != nil {
		return "", fmt.Errorf("ping: %w", err)
	}
	si, err := p.c.ServerInfo(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Content Server %s (REST API build %d), session timeout %ds",
		si.Server.Version, ping.Build, si.Sessions.SessionTimeoutMS/1000), nil
}

// browsePageSize is small so that a parent of a few items has pages.
const browsePageSize = 2

// probeBrowse lists the parent two items a page, and checks that the
// second page follows the first. It also finds a document to read in
// read-only mode.
func probeBrowse(ctx context.Context, p *probe) (string, error) {
	if err := p.needParent(ctx); err != nil {
		return "", err
	}
	lo := xecm.ListOptions{Limit: browsePageSize}
	first, err := p.c.Nodes.ListChildren(ctx, p.parent, &xecm.NodeListOptions{ListOptions: lo})
	if err != nil {
		return "", err
	}
	detail := fmt.Sprintf("node %d: %d items, %d pages of %d", p.parent, first.TotalCount, first.PageTotal, browsePageSize)
	if p.opts.ReadOnly {
		p.findDocument(ctx)
	}
	if !first.HasNext() {
		return detail + " (one page: paging not exercised)", nil
	}
	lo.Page = 2
	second, err := p.c.Nodes.ListChildren(ctx, p.parent, &xecm.NodeListOptions{ListOptions: lo})
	if err != nil {
		return "", fmt.Errorf("page 2: %w", err)
	}
	seen := map[int64]bool{}
	for _, n := range first.Items {
		seen[n.ID] = true
	}
	for _, n := range second.Items {
		if seen[n.ID] {
			return "", fmt.Errorf("page 2 repeats item %d of page 1", n.ID)
		}
	}
	if len(second.Items) == 0 {
		return "", errors.New("page 2 is empty though the server counts more pages")
	}
	return detail + "; page 2 follows page 1", nil
}

// findDocument remembers the first document of the parent, for the read
// probes of read-only mode. None found is not an error: they skip.
func (p *probe) findDocument(ctx context.Context) {
	page, err := p.c.Nodes.ListChildren(ctx, p.parent, &xecm.NodeListOptions{
		WhereType: []int{xecm.TypeDocument}, ListOptions: xecm.ListOptions{Limit: 1}})
	if err == nil && len(page.Items) > 0 {
		p.doc, p.docName = page.Items[0].ID, page.Items[0].Name
	}
}

// probeCategories finds the category named -category and reads its
// definition: names, not IDs, are what stay the same from one
// installation to the next. The name is looked up in the Categories
// Volume (a path there, such as "Legal/Contract", works too), or among
// the categories on -category-node when it is given; the definition is
// read from the form that applies the category to that node, or to the
// parent (reading it changes nothing).
func probeCategories(ctx context.Context, p *probe) (string, error) {
	if p.opts.Category == "" {
		return "", skip("give -category NAME (a category in the Categories Volume, or one on -category-node ID)")
	}
	if p.opts.CategoryNodeID != 0 {
		return categoryOnNode(ctx, p, p.opts.CategoryNodeID)
	}
	if err := p.needParent(ctx); err != nil {
		return "", err
	}
	n, err := p.c.Nodes.ByVolumePath(ctx, xecm.VolumeCategories, p.opts.Category)
	if err != nil {
		return "", fmt.Errorf("finding %q in the Categories Volume: %w", p.opts.Category, err)
	}
	if n.Type != xecm.TypeCategory {
		return "", fmt.Errorf("%q in the Categories Volume is a %s (node %d), not a category", p.opts.Category, n.TypeName, n.ID)
	}
	def, err := p.c.Metadata.Definition(ctx, p.parent, n.ID)
	if err != nil {
		return "", fmt.Errorf("definition of category %d for node %d: %w", n.ID, p.parent, err)
	}
	return fmt.Sprintf("%q is category %d in the Categories Volume, %d attributes", def.Name, def.ID, len(def.Attributes)), nil
}

// categoryOnNode finds the category by name among those on node.
func categoryOnNode(ctx context.Context, p *probe, node int64) (string, error) {
	cats, err := p.c.Metadata.List(ctx, node)
	if err != nil {
		return "", err
	}
	var found *xecm.Category
	var names []string
	for _, c := range cats {
		names = append(names, strconv.Quote(c.Name))
		if strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(p.opts.Category)) {
			found = c
		}
	}
	if found == nil {
		return "", fmt.Errorf("node %d carries no category %q (it carries %s)", node, p.opts.Category, orNone(names))
	}
	def, err := p.c.Metadata.Definition(ctx, node, found.ID)
	if err != nil {
		return "", fmt.Errorf("definition of category %d: %w", found.ID, err)
	}
	return fmt.Sprintf("%q is category %d on node %d, %d attributes", def.Name, def.ID, node, len(def.Attributes)), nil
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// probeWorkspaces lists the workspace types and the workspaces of one.
func probeWorkspaces(ctx context.Context, p *probe) (string, error) {
	types, err := p.c.Workspaces.ListTypes(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("workspace types: %w", err)
	}
	if len(types) == 0 {
		return "", skip("the server has no workspace types")
	}
	t := types[0]
	if want := strings.TrimSpace(p.opts.WorkspaceType); want != "" {
		t = nil
		for _, wt := range types {
			if strings.EqualFold(wt.Name, want) || strconv.FormatInt(wt.ID, 10) == want {
				t = wt
			}
		}
		if t == nil {
			var names []string
			for _, wt := range types {
				names = append(names, strconv.Quote(wt.Name))
			}
			return "", fmt.Errorf("no workspace type %q among %s", want, orNone(names))
		}
	}
	page, err := p.c.Workspaces.List(ctx, &xecm.WorkspaceListOptions{TypeID: t.ID, ListOptions: xecm.ListOptions{Limit: 5}})
	if err != nil {
		return "", fmt.Errorf("workspaces of type %d: %w", t.ID, err)
	}
	return fmt.Sprintf("%d types; type %d %q has %d workspaces", len(types), t.ID, t.Name, max(page.TotalCount, len(page.Items))), nil
}

func probeSearch(ctx context.Context, p *probe) (string, error) {
	page, err := p.c.Search.Query(ctx, xecm.SearchQuery{Where: p.opts.Search, ListOptions: xecm.ListOptions{Limit: 5}})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%q: %d results on the first page, %d in all", p.opts.Search, len(page.Items), page.TotalCount), nil
}

// probeAudit reads the audit trail of the sandbox (which the probe's own
// writes fill), or of the parent in read-only mode.
func probeAudit(ctx context.Context, p *probe) (string, error) {
	node := p.parent
	if p.sandbox != 0 {
		node = p.sandbox
	} else if err := p.needParent(ctx); err != nil {
		return "", err
	}
	page, err := p.c.Audit.List(ctx, node, &xecm.AuditListOptions{ListOptions: xecm.ListOptions{Limit: 5}})
	if err != nil {
		return "", err
	}
	if p.sandbox != 0 && len(page.Items) == 0 {
		return "", fmt.Errorf("the sandbox folder %d has no audit entries, though the probe created it: "+
			"is auditing of Create turned off? (c.Events.Watch reads events from audit trails)", node)
	}
	return fmt.Sprintf("node %d: %d entries on the first page, %d event types", node, len(page.Items), len(page.EventTypes)), nil
}

func probePermissions(ctx context.Context, p *probe) (string, error) {
	if err := p.needParent(ctx); err != nil {
		return "", err
	}
	perms, err := p.c.Permissions.Get(ctx, p.parent)
	if err != nil {
		return "", fmt.Errorf("permissions of %d: %w", p.parent, err)
	}
	if p.me == nil {
		return "", skip("the login step did not succeed")
	}
	m, err := p.c.Members.Get(ctx, p.me.ID)
	if err != nil {
		return "", fmt.Errorf("member %d: %w", p.me.ID, err)
	}
	detail := fmt.Sprintf("node %d: %d assigned entries; member %d read", p.parent, len(perms.Assigned), m.ID)
	if m.GroupID == 0 {
		return detail + " (no department group to list)", nil
	}
	members, err := p.c.Members.GroupMembers(ctx, m.GroupID, &xecm.GroupMembersOptions{ListOptions: xecm.ListOptions{Limit: 5}})
	if err != nil {
		return "", fmt.Errorf("members of group %d: %w", m.GroupID, err)
	}
	return fmt.Sprintf("%s; group %d has %d members", detail, m.GroupID, max(members.TotalCount, len(members.Items))), nil
}

func probeRecords(ctx context.Context, p *probe) (string, error) {
	if err := p.needParent(ctx); err != nil {
		return "", err
	}
	rec, err := p.c.Records.Get(ctx, p.parent)
	if err != nil {
		return "", fmt.Errorf("RM classifications of %d: %w", p.parent, err)
	}
	classes, err := p.c.Records.ListClassifications(ctx, p.parent)
	if err != nil {
		return "", fmt.Errorf("classifications of %d: %w", p.parent, err)
	}
	holds, err := p.c.Records.ListHolds(ctx, &xecm.ListOptions{Limit: 5})
	if err != nil {
		return "", fmt.Errorf("holds: %w", err)
	}
	return fmt.Sprintf("node %d: %d RM classifications, %d classifications; %d holds", p.parent,
		len(rec.Classifications), len(classes), max(holds.TotalCount, len(holds.Items))), nil
}

// probeWorkflows reads the user's workflow tasks and the status list of
// the workflows the user started or manages. The SDK has no call that
// lists the workflow maps a user may start.
func probeWorkflows(ctx context.Context, p *probe) (string, error) {
	tasks, err := p.c.Workflows.Assignments(ctx)
	if err != nil {
		return "", fmt.Errorf("assignments: %w", err)
	}
	st, err := p.c.Workflows.StatusList(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("status list: %w", err)
	}
	return fmt.Sprintf("%d assigned tasks, %d workflows in the status list", len(tasks), len(st)), nil
}
