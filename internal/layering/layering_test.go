package layering

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/assure-dev/assure/"

// rank orders the packages: a package may import only packages of a lower rank.
var rank = map[string]int{
	"schemas": 0, "templates": 0, "internal/tomlpos": 0, "fixtures": 0, "signing": 0, "vocab": 0, "internal/problem": 0,
	"internal/tomldoc": 1, "evidence/vendorio": 1,
	"evidence": 2,
	"metrics":  3, // and every vendor adapter, evidence/<vendor>
	"controls": 4, "evidence/vendors": 4,
	"report":     5,
	"report/pdf": 6, "assessment": 6, "report/oscal": 6, "report/junit": 6, "report/markdown": 6, "report/riskcsv": 6,
	"cmd/assure": 7, "internal/reporttest": 7,
}

// layer returns a package's rank; vendor adapters sit just above evidence.
func layer(pkg string) (int, bool) {
	if r, ok := rank[pkg]; ok {
		return r, true
	}
	if strings.HasPrefix(pkg, "evidence/") {
		return 3, true
	}
	return 0, false
}

// onlyImporter names third-party packages that exactly one package may import.
var onlyImporter = map[string]string{"github.com/go-pdf/fpdf": "report/pdf"}

func TestImportsFlowOneWay(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		if strings.HasPrefix(pkg, "fixtures/gen") || strings.HasPrefix(pkg, "internal/layering") {
			return nil
		}
		self, ok := layer(pkg)
		if !ok {
			t.Errorf("%s: package %s has no place in the layering; add it to rank", path, pkg)
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		seen++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for dep, owner := range onlyImporter {
				if strings.HasPrefix(p, dep) && pkg != owner {
					t.Errorf("%s imports %s; only %s may", path, p, owner)
				}
			}
			if !strings.HasPrefix(p, module) {
				continue
			}
			target := strings.TrimPrefix(p, module)
			if r, ok := layer(target); !ok || r >= self {
				t.Errorf("%s (%s) imports %s: imports must flow from lower to higher layers", path, pkg, target)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 20 {
		t.Fatalf("only %d files checked; is the walk rooted right?", seen)
	}
}
