package pagetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseReadsTablesTextAndAttributes(t *testing.T) {
	page := []byte(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" /><title>T</title></head>
<body><h1 id="top">A &amp; B&nbsp;C</h1>
<table id="t"><thead><tr><th>H</th></tr></thead>
<tbody><tr><th scope="row">1</th><td>  one
  <a href="/x">link</a></td></tr><tr><td>2</td><td>two</td></tr></tbody></table></body></html>`)
	doc := Parse(t, page)
	assert.Equal(t, "A & B C", doc.ID("top").Text(), "entities decoded, white space (NBSP too) folded")
	assert.Equal(t, [][]string{{"1", "one link"}, {"2", "two"}}, doc.ID("t").Rows())
	links := doc.Tag("a")
	require.Len(t, links, 1)
	assert.Equal(t, "/x", links[0].Attr["href"])
	assert.Nil(t, doc.ID("missing"))
}
