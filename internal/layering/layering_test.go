package layering

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/assure-dev/assure/"

// rank orders the packages: a package may import only packages of a lower
// rank. From the bottom: what text may be shown (internal/redact, which the
// base helpers use); the vocabulary and base helpers; how values read
// (report/present); the report contract; what renders or reads it; the
// evidence; the metrics and the vendor adapters; the catalogue; the
// assessment that ties them together; the command line.
var rank = map[string]int{
	"internal/redact": -1,
	"vocab":           0, "internal/problem": 0, "internal/tomlpos": 0, "schemas": 0, "signing": 0, "fixtures": 0,
	"report/present": 1, "internal/tomldoc": 1,
	"report":    2,
	"templates": 3, "evidence/vendorio": 3, "report/reporttest": 3,
	"report/pdf": 3, "report/junit": 3, "report/markdown": 3, "report/oscal": 3, "report/riskcsv": 3,
	"evidence": 4, "report/formats": 4,
	"metrics":  5, // and every vendor adapter, evidence/<vendor>
	"controls": 6, "evidence/vendors": 6,
	"assessment": 7,
	"cmd/assure": 8,
}

// layer returns a package's rank; vendor adapters sit just above evidence.
func layer(pkg string) (int, bool) {
	if r, ok := rank[pkg]; ok {
		return r, true
	}
	if strings.HasPrefix(pkg, "evidence/") {
		return 5, true
	}
	return 0, false
}

// onlyImporter names third-party packages that exactly one package may import.
var onlyImporter = map[string]string{"github.com/go-pdf/fpdf": "report/pdf"}

// imports reads the module imports of every non-test package of the tree.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..")
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		if strings.HasPrefix(pkg, "fixtures/gen") || strings.HasPrefix(pkg, "internal/layering") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for dep, owner := range onlyImporter {
				if strings.HasPrefix(p, dep) && pkg != owner {
					t.Errorf("%s imports %s; only %s may", path, p, owner)
				}
			}
			if target, ok := strings.CutPrefix(p, module); ok && !slices.Contains(out[pkg], target) {
				out[pkg] = append(out[pkg], target)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("only %d packages read; is the walk rooted right?", len(out))
	}
	return out
}

func TestImportsFlowOneWay(t *testing.T) {
	t.Parallel()
	for pkg, deps := range imports(t) {
		self, ok := layer(pkg)
		if !ok {
			t.Errorf("package %s has no place in the layering; add it to rank", pkg)
			continue
		}
		for _, dep := range deps {
			if r, ok := layer(dep); !ok || r >= self {
				t.Errorf("%s imports %s: imports must flow from lower to higher layers", pkg, dep)
			}
		}
	}
}

// The report is the contract and nothing else: neither it nor anything it
// depends on knows how evidence is read, metrics computed or controls
// evaluated.
func TestReportKnowsNoDomain(t *testing.T) {
	t.Parallel()
	graph := imports(t)
	seen := map[string]bool{}
	var walk func(string)
	walk = func(pkg string) {
		for _, dep := range graph[pkg] {
			if !seen[dep] {
				seen[dep] = true
				walk(dep)
			}
		}
	}
	walk("report")
	for _, domain := range []string{"evidence", "metrics", "controls", "assessment", "templates"} {
		for dep := range seen {
			if dep == domain || strings.HasPrefix(dep, domain+"/") {
				t.Errorf("report depends on %s", dep)
			}
		}
	}
	if len(seen) == 0 {
		t.Error("report depends on nothing at all; is the graph read right?")
	}
}
