package portal

import (
	"fmt"
	"mime"
	"slices"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm"
)

// Policy says which documents and versions are published. It denies by
// default: a version of a document is published only when the document
// lies under one of Roots and satisfies every condition in Require, the
// Approval covers that version, the Versions rule serves it and its MIME
// type is in MIMETypes. Anything else is answered 404, as if it did not
// exist.
type Policy struct {
	// Roots are the folders and business workspaces whose documents (at
	// any depth) may be published. Required.
	Roots []int64
	// Require lists category values a document must have, all of them.
	Require []Condition
	// Versions says which versions of a published document are served.
	Versions VersionRule
	// Approval says where the approval of each version is recorded.
	// Required: only the versions it covers are served (see Approval), so
	// a version added after the approval is not published, nor linked,
	// until it is approved in turn, and "latest" means the latest approved
	// version. Require alone judges the document, not its versions: it
	// cannot tell a reviewed version from one uploaded since.
	Approval Approval
	// MIMETypes is the allowlist of content types: exact types such as
	// "application/pdf", wildcards such as "image/*", or "*/*" for any.
	// Required.
	MIMETypes []string
}

// Condition requires a category attribute to hold one of some values,
// such as Status = Approved. Values compare as text, exactly; a
// multi-value attribute matches when any of its values does.
type Condition struct {
	// Category names the category; CategoryID, if set, is used instead.
	Category   string
	CategoryID int64
	// Attribute is the name of a top-level attribute of the category.
	Attribute string
	// Values are the accepted values. Required.
	Values []string
}

// VersionRule says which of a published document's approved versions are
// served (see Approval: a version the approval does not cover is never
// served, whatever the rule).
type VersionRule int

const (
	// LatestVersion serves only the latest approved version (the zero
	// value).
	LatestVersion VersionRule = iota
	// ReleasedVersions serves approved major versions only: under advanced
	// versioning, versions with minor number 0; under standard versioning,
	// every version. "Latest" means the latest approved released version.
	ReleasedVersions
	// AllVersions serves every approved version, so that links pinned to
	// an older one keep working while it stays approved.
	AllVersions
)

// String names the rule.
func (r VersionRule) String() string {
	switch r {
	case LatestVersion:
		return "latest version"
	case ReleasedVersions:
		return "released versions"
	case AllVersions:
		return "all versions"
	}
	return "VersionRule(" + strconv.Itoa(int(r)) + ")"
}

// check validates the policy before the Handler serves with it.
func (p *Policy) check() error {
	if len(p.Roots) == 0 {
		return invalid("Policy.Roots is empty: name the folders or workspaces to publish")
	}
	for _, id := range p.Roots {
		if id <= 0 {
			return invalid("Policy.Roots: %d is not a positive node ID", id)
		}
	}
	if len(p.MIMETypes) == 0 {
		return invalid(`Policy.MIMETypes is empty: name the content types to publish ("*/*" for any)`)
	}
	for _, t := range p.MIMETypes {
		major, minor, ok := strings.Cut(t, "/")
		if !ok || major == "" || minor == "" || (major == "*" && minor != "*") {
			return invalid("Policy.MIMETypes: %q is not a type/subtype pattern", t)
		}
	}
	for i, c := range p.Require {
		if c.Category == "" && c.CategoryID <= 0 {
			return invalid("Policy.Require[%d]: set Category or CategoryID", i)
		}
		if c.Attribute == "" {
			return invalid("Policy.Require[%d]: Attribute is required", i)
		}
		if len(c.Values) == 0 {
			return invalid("Policy.Require[%d]: Values is empty, so nothing could match", i)
		}
	}
	if err := p.Approval.check(); err != nil {
		return err
	}
	if p.Versions < LatestVersion || p.Versions > AllVersions {
		return invalid("Policy.Versions: unknown rule %d", int(p.Versions))
	}
	return nil
}

// under reports whether a document with these ancestors lies under one of
// the given roots.
func under(roots, ancestors []int64) bool {
	for _, a := range ancestors {
		if slices.Contains(roots, a) {
			return true
		}
	}
	return false
}

// allowsType reports whether the content type is in the allowlist.
func (p *Policy) allowsType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	major, _, _ := strings.Cut(mt, "/")
	for _, pat := range p.MIMETypes {
		pat = strings.ToLower(pat)
		switch {
		case pat == "*/*", pat == mt, strings.HasSuffix(pat, "/*") && strings.TrimSuffix(pat, "/*") == major:
			return true
		}
	}
	return false
}

// satisfied reports whether the categories meet every condition.
func (p *Policy) satisfied(cats []CategoryValues) bool {
	for _, c := range p.Require {
		if !c.met(cats) {
			return false
		}
	}
	return true
}

func (c Condition) met(cats []CategoryValues) bool {
	for _, cat := range cats {
		if c.CategoryID > 0 && cat.ID != c.CategoryID || c.CategoryID <= 0 && cat.Name != c.Category {
			continue
		}
		v, ok := cat.Values[c.Attribute]
		if !ok {
			continue
		}
		vals, multi := v.([]any)
		if !multi {
			vals = []any{v}
		}
		for _, x := range vals {
			if x != nil && slices.Contains(c.Values, fmt.Sprint(x)) {
				return true
			}
		}
	}
	return false
}

// isReleased reports whether a version counts as released.
func isReleased(doc *DocumentInfo, v *VersionInfo) bool {
	return !doc.AdvancedVersioning || v.Minor == 0
}

// servable returns the versions the policy serves, and the one served as
// "latest" (nil when none is). Only approved versions exist for the
// version rule: "latest" is the latest approved one, and an unapproved
// one is never served, however new.
func (p *Policy) servable(doc *DocumentInfo, versions []VersionInfo, cats []CategoryValues) (serve func(number int) *VersionInfo, latest *VersionInfo) {
	if p.Versions == ReleasedVersions {
		// Minor versions are out before the approval is read, so that an
		// approval date picks the latest released version it covers.
		released := make([]VersionInfo, 0, len(versions))
		for _, v := range versions {
			if isReleased(doc, &v) {
				released = append(released, v)
			}
		}
		versions = released
	}
	versions = p.Approval.approved(cats, versions)
	for i := range versions {
		if latest == nil || versions[i].Number > latest.Number {
			latest = &versions[i]
		}
	}
	if p.Versions == LatestVersion {
		return func(n int) *VersionInfo {
			if latest != nil && latest.Number == n {
				return latest
			}
			return nil
		}, latest
	}
	return func(n int) *VersionInfo {
		for i := range versions {
			if versions[i].Number == n {
				return &versions[i]
			}
		}
		return nil
	}, latest
}

// invalid returns a configuration or argument error wrapping
// xecm.ErrInvalidArgument.
func invalid(format string, args ...any) error {
	return fmt.Errorf("portal: %s: %w", fmt.Sprintf(format, args...), xecm.ErrInvalidArgument)
}
