package pdf

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/assure-dev/assure/metrics"
)

// registry is the name of every metric the metrics package defines.
func registry() map[string]bool {
	out := map[string]bool{}
	for _, d := range metrics.All() {
		out[d.Name] = true
	}
	return out
}

// Every metric the layout tables name is one the report can name: a
// metric of the registry, whose label, unit and definition the report
// carries. A typo or a renamed metric would otherwise leave a chart or a
// table row empty without a word.
func TestLayoutNamesRegisteredMetrics(t *testing.T) {
	t.Parallel()
	known := registry()
	if len(known) == 0 {
		t.Fatal("the registry is empty")
	}
	for title, blocks := range layoutPages {
		if len(blocks) == 0 {
			t.Errorf("%s: no blocks", title)
		}
		for _, b := range blocks {
			for _, name := range b.metrics() {
				if !known[name] {
					t.Errorf("%s: %T names %q, which is not a metric of the registry (metrics.All)", title, b, name)
				}
			}
		}
	}
	for _, c := range seriesCharts {
		if d, ok := metrics.Lookup(c.metric); !ok || !d.Monthly() {
			t.Errorf("the trends page charts %q, which the registry does not report month by month", c.metric)
		}
	}
	// every section laid out by a table is one of the document's
	for title := range layoutPages {
		if !slices.Contains(allTitles, title) {
			t.Errorf("layoutPages has %q, which is no section title", title)
		}
	}
}

// The drawing code names no metric: every metric a page shows is named in a
// page's table (the package-level helpdeskPage, readinessPage, trendsPage
// and seriesCharts), and everything said about it comes from the report.
func TestOnlyTheLayoutNamesMetrics(t *testing.T) {
	t.Parallel()
	tables := map[string]bool{"helpdeskPage": true, "readinessPage": true, "trendsPage": true, "seriesCharts": true}
	known := registry()
	prefixes := map[string]bool{} // "helpdesk.stage_share." and the like
	for name := range known {
		parts := strings.Split(name, ".")
		for i := 2; i < len(parts); i++ {
			prefixes[strings.Join(parts[:i], ".")+"."] = true
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && tables[vs.Names[0].Name] {
				return false // a page's table: where metrics are named
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && (known[s] || prefixes[s]) {
				t.Errorf("%s names the metric %q; name it in a page's table", fset.Position(lit.Pos()), s)
			}
			return true
		})
	}
}
