package xecmtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 Bytes", 1: "1 Bytes", 1023: "1023 Bytes", 1024: "1 KB", 1535: "1 KB", 1536: "2 KB",
		1<<20 - 1: "1024 KB", 1 << 20: "1 MB", 5<<20 + 1<<19: "6 MB", 1 << 40: "1048576 MB", -5: "-5 Bytes",
	} {
		assert.Equal(t, want, formatBytes(n), "%d", n)
	}
	assert.Equal(t, fmt.Sprintf("%d Items", 12345), withUnit(12345, " Items"))
}

// The type_name and icon made once per known subtype are those made for
// each node before, and unknown subtypes still get theirs.
func TestTypeValues(t *testing.T) {
	for typ := range typeNames {
		assert.Equal(t, typeName(typ), rendered.typeName(typ))
		assert.Equal(t, "/img/webdoc/"+strings.ToLower(strings.ReplaceAll(typeName(typ), " ", ""))+".gif", rendered.icon(typ))
	}
	assert.Equal(t, "Subtype 4242", rendered.typeName(4242))
	assert.Equal(t, "/img/webdoc/subtype4242.gif", rendered.icon(4242))
}
