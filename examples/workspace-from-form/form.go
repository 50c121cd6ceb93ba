package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/xecm-go/xecm"
)

// kind is one kind of request: the workspace type it creates, which form
// field fills which attribute of the template's category, and the roles
// the people go to. Everything is by name, as an administrator sees it:
// the IDs differ from one installation to the next.
type kind struct {
	Type                 string            // workspace type name
	Category             string            // the name of the category the type's template gives
	Attributes           map[string]string // form field -> attribute name, all required
	Lead, Team, External string            // role names
}

var kinds = map[string]kind{
	"customer": {"Customer", "Customer", map[string]string{"name": "Customer Name", "country": "Country"},
		"Account Manager", "Sales", "Customer"},
	"supplier": {"Supplier", "Supplier", map[string]string{"country": "Country", "reference": "Supplier Number"},
		"Purchaser", "Purchaser", "Supplier"},
	"legal-matter": {"Legal Matter", "Legal Matter", map[string]string{"reference": "Matter Number", "court": "Court"},
		"Lead Counsel", "Paralegal", "External Counsel"},
}

// access is what the external parties may do, by the form's choice.
var access = map[string][]xecm.Permission{
	"read":       xecm.ReadPermissions(),
	"contribute": {xecm.PermSee, xecm.PermSeeContents, xecm.PermAddItems, xecm.PermReserve, xecm.PermModify},
}

// formHandler serves the form and creates the workspaces.
type formHandler struct {
	c         *xecm.Client
	out       io.Writer
	kinds     map[string]kind
	templates map[string]int64 // kind -> template ID
}

// newFormHandler serves the kinds of request in kinds.
func newFormHandler(ctx context.Context, c *xecm.Client, out io.Writer) (http.Handler, error) {
	return newKindsHandler(ctx, c, out, kinds)
}

// newKindsHandler finds the template of every kind's workspace type by
// the type's name, and says what it found.
func newKindsHandler(ctx context.Context, c *xecm.Client, out io.Writer, kinds map[string]kind) (http.Handler, error) {
	types, err := c.Workspaces.ListTypes(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("reading the workspace types: %w", err)
	}
	f := &formHandler{c: c, out: out, kinds: kinds, templates: map[string]int64{}}
	for name, k := range kinds {
		for _, t := range types {
			if t.Name == k.Type && len(t.Templates) > 0 && f.templates[name] == 0 {
				f.templates[name] = t.Templates[0].ID
				fmt.Fprintf(out, "Workspace type %q: template %q (node %d)\n", k.Type, t.Templates[0].Name, t.Templates[0].ID)
			}
		}
		if f.templates[name] == 0 {
			return nil, fmt.Errorf("no workspace type %q with a template", k.Type)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, formHTML)
	})
	mux.HandleFunc("POST /workspaces", f.create)
	return mux, nil
}

// badField is a form value that is missing or wrong.
type badField struct{ field, problem string }

func (e *badField) Error() string { return e.field + ": " + e.problem }

func (f *formHandler) create(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form could not be read", http.StatusBadRequest)
		return
	}
	ws, err := f.createWorkspace(r.Context(), r.PostForm)
	var bad *badField
	var setup *xecm.CategoryNameError
	switch {
	case errors.As(err, &setup):
		// The kinds table names a category the template does not give:
		// the service's set-up, not the form, is wrong.
		fmt.Fprintf(f.out, "   the kinds table does not match the server: %v\n", err)
		http.Error(w, "this kind of workspace is not set up on the server", http.StatusInternalServerError)
	case errors.As(err, &bad), errors.Is(err, xecm.ErrInvalidArgument):
		http.Error(w, err.Error(), http.StatusBadRequest)
	case errors.Is(err, xecm.ErrAlreadyExists):
		http.Error(w, "name: a workspace of that name exists already", http.StatusConflict)
	case err != nil:
		fmt.Fprintf(f.out, "   creating a workspace failed: %v\n", err)
		http.Error(w, "the workspace could not be created", http.StatusBadGateway)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"workspace_id": ws.ID, "name": ws.Name, "type": ws.TypeName})
	}
}

// createWorkspace checks the whole form first, then creates the workspace
// and fills its roles.
func (f *formHandler) createWorkspace(ctx context.Context, form url.Values) (*xecm.Workspace, error) {
	name := strings.TrimSpace(form.Get("kind"))
	k, ok := f.kinds[name]
	if !ok {
		return nil, &badField{"kind", "must be customer, supplier or legal-matter"}
	}
	title := strings.TrimSpace(form.Get("name"))
	if title == "" || len([]rune(title)) > xecm.MaxNameLength {
		return nil, &badField{"name", fmt.Sprintf("required, at most %d characters", xecm.MaxNameLength)}
	}
	vals := xecm.NewCategoryValuesByName(k.Category)
	for field, attr := range k.Attributes {
		v := strings.TrimSpace(form.Get(field))
		if v == "" {
			return nil, &badField{field, "required for a " + name}
		}
		vals.Set(attr, v)
	}
	choice := cmp.Or(form.Get("external_access"), "read")
	perms, ok := access[choice]
	if !ok {
		return nil, &badField{"external_access", "must be read or contribute"}
	}
	people := map[string][]int64{}
	for _, field := range []string{"lead", "team", "external"} {
		ids, err := f.users(ctx, field, form.Get(field))
		if err != nil {
			return nil, err
		}
		people[field] = ids
	}
	if len(people["lead"]) != 1 {
		return nil, &badField{"lead", "name exactly one user"}
	}

	ws, err := f.c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: f.templates[name], Name: title, Values: []*xecm.CategoryValues{vals}})
	var attrErr *xecm.AttributeError
	if errors.As(err, &attrErr) { // refused by the category's definition, before anything was written
		for field, attr := range k.Attributes {
			if attr == attrErr.Attribute {
				return nil, &badField{field, attrErr.Problem}
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if err := f.fillRoles(ctx, ws.ID, k, people, perms); err != nil {
		// No half-made workspace: the form can be sent again.
		if derr := f.c.Workspaces.Delete(context.WithoutCancel(ctx), ws.ID); derr != nil {
			err = errors.Join(err, fmt.Errorf("removing workspace %d again: %w", ws.ID, derr))
		}
		return nil, err
	}
	fmt.Fprintf(f.out, "   created %s workspace %q (node %d), %s access for external parties\n", k.Type, ws.Name, ws.ID, choice)
	return ws, nil
}

// fillRoles puts the people into the workspace roles and gives the
// external parties' role its permissions.
func (f *formHandler) fillRoles(ctx context.Context, wsID int64, k kind, people map[string][]int64, perms []xecm.Permission) error {
	for field, role := range map[string]string{"lead": k.Lead, "team": k.Team, "external": k.External} {
		rl, err := f.c.Workspaces.Role(ctx, wsID, role)
		if err != nil {
			return fmt.Errorf("role %q: %w", role, err)
		}
		for _, id := range people[field] {
			if err := f.c.Workspaces.AddRoleMember(ctx, wsID, rl.ID, id); err != nil {
				return fmt.Errorf("adding member %d to role %q: %w", id, role, err)
			}
		}
		if field == "external" {
			if err := f.c.Workspaces.UpdateRolePermissions(ctx, wsID, rl.ID, perms,
				&xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}); err != nil {
				return fmt.Errorf("permissions of role %q: %w", role, err)
			}
		}
	}
	return nil
}

// users resolves the comma-separated log-in names of a form field.
func (f *formHandler) users(ctx context.Context, field, list string) ([]int64, error) {
	var ids []int64
	for _, login := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' }) {
		var id int64
		for m, err := range f.c.Members.ListIter(ctx, &xecm.MemberListOptions{Types: []xecm.MemberType{xecm.MemberUser}, WhereName: login}) {
			if err != nil {
				return nil, fmt.Errorf("looking up %q: %w", login, err)
			}
			if strings.EqualFold(m.Name, login) && !m.Deleted {
				id = m.ID
			}
		}
		if id == 0 {
			return nil, &badField{field, fmt.Sprintf("no user %q", login)}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

const formHTML = `<!doctype html><title>Request a workspace</title>
<form method="post" action="/workspaces">
<select name="kind"><option value="customer">Customer onboarding</option><option value="supplier">Supplier qualification</option>
<option value="legal-matter">Legal matter</option></select>
<input name="name" placeholder="Name" required maxlength="248"> <input name="country" placeholder="Country">
<input name="reference" placeholder="Supplier or matter number"> <input name="court" placeholder="Court">
<input name="lead" placeholder="Lead (log-in name)" required> <input name="team" placeholder="Team (log-in names)">
<input name="external" placeholder="External parties (log-in names)">
<select name="external_access"><option>read</option><option>contribute</option></select> <button>Request</button>
</form>
`
