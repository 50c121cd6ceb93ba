// Package pagetest checks the examples' HTML pages in tests: it parses
// them (they are written as well-formed XHTML, so encoding/xml reads them
// strictly, and a page that is not well formed fails the test), and opens
// them in a real headless Chromium for a screenshot and the console.
package pagetest

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// Node is an element of a parsed page.
type Node struct {
	Name     string // local name, lower case as written: "table", "a", "svg"
	Attr     map[string]string
	Children []*Node
	parts    []any // character data (string) and children in order
}

// Parse reads a page strictly as XML (with HTML's named entities) and
// fails t if it is not well formed.
func Parse(t testing.TB, page []byte) *Node {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	root := &Node{Name: "#document"}
	stack := []*Node{root}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("pagetest: the page is not well-formed XHTML: %v\n%s", err, page)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &Node{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			top.Children = append(top.Children, n)
			top.parts = append(top.parts, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.parts = append(top.parts, string(tok))
		}
	}
	if len(stack) != 1 {
		t.Fatalf("pagetest: %d elements left open", len(stack)-1)
	}
	return root
}

// Text is the element's text content, with runs of white space folded to
// one space and trimmed.
func (n *Node) Text() string {
	var b strings.Builder
	var walk func(*Node)
	walk = func(n *Node) {
		for _, p := range n.parts {
			switch p := p.(type) {
			case string:
				b.WriteString(p)
			case *Node:
				walk(p)
			}
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// All returns the elements below n (in document order) for which match
// holds.
func (n *Node) All(match func(*Node) bool) []*Node {
	var out []*Node
	var walk func(*Node)
	walk = func(n *Node) {
		for _, c := range n.Children {
			if match(c) {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

// Tag returns the elements named name below n.
func (n *Node) Tag(name string) []*Node {
	return n.All(func(c *Node) bool { return c.Name == name })
}

// ID returns the element with the id, or nil.
func (n *Node) ID(id string) *Node {
	if all := n.All(func(c *Node) bool { return c.Attr["id"] == id }); len(all) > 0 {
		return all[0]
	}
	return nil
}

// Rows returns the text of each cell of each body row of a table.
func (n *Node) Rows() [][]string {
	var rows [][]string
	for _, tb := range n.Tag("tbody") {
		for _, tr := range tb.Tag("tr") {
			var cells []string
			for _, c := range tr.Children {
				if c.Name == "td" || c.Name == "th" {
					cells = append(cells, c.Text())
				}
			}
			rows = append(rows, cells)
		}
	}
	return rows
}
