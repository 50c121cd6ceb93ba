package xecm_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every promise of the README's Security section names tests that exist,
// so that the section cannot promise what nothing checks.
func TestReadmeSecurityPromisesNameExistingTests(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(readme), "\n## Security\n")
	require.True(t, ok, "README has a Security section")
	section, _, _ = strings.Cut(section, "\n## ")
	rows := 0
	var named []string
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| Promise") || strings.HasPrefix(line, "| ---") {
			continue
		}
		rows++
		cells := strings.Split(line, " | ")
		tests := regexp.MustCompile("`(Test[A-Za-z0-9_]+)`").FindAllStringSubmatch(cells[len(cells)-1], -1)
		assert.NotEmpty(t, tests, "a promise without a test: %s", line)
		for _, m := range tests {
			named = append(named, m[1])
		}
	}
	require.NotZero(t, rows)

	var sources strings.Builder
	require.NoError(t, filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sources.Write(b)
		}
		return nil
	}))
	for _, name := range named {
		assert.Contains(t, sources.String(), "func "+name+"(", "README names %s, which does not exist", name)
	}
}
