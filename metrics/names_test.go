package metrics_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/assure-dev/assure/metrics"
)

// metricName matches a string that names a metric: an area prefix, a dot and
// the rest of a metric's name.
var metricName = regexp.MustCompile(`"((?:population|devices|enrolment|auth|helpdesk|credential_reset|recovery|policy|governance|attestation)\.[a-z0-9_.]+)"`)

// Every metric named anywhere else — a check or a finding template of the
// built-in catalogue, a renderer, the finding-template package or the
// assessment — is one the registry defines, so a renamed or removed metric
// cannot leave a dangling name that silently prints "n/a".
func TestEveryNamedMetricIsDefined(t *testing.T) {
	t.Parallel()
	root := ".."
	var files []string
	for _, glob := range []string{"controls/*.toml", "report/*.go", "report/*/*.go", "templates/*.go", "assessment/*.go", "cmd/assure/*.go"} {
		m, err := filepath.Glob(filepath.Join(root, glob))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	if len(files) < 20 {
		t.Fatalf("only %d files to read; is the root right?", len(files))
	}
	named := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range metricName.FindAllSubmatch(b, -1) {
			name := string(m[1])
			if strings.HasSuffix(name, ".") {
				continue // a prefix, such as "helpdesk.stage_share."
			}
			named++
			if _, ok := metrics.Lookup(name); !ok {
				t.Errorf("%s names metric %q, which the registry does not define", f, name)
			}
		}
	}
	if named < 100 {
		t.Errorf("only %d metric names found; is the pattern right?", named)
	}
}
