package main

// What the tests of this package share: a hermetic environment, and runs of
// the CLI that several tests read.
//
// Tests run in parallel (t.Parallel) unless they change process-wide state:
// t.Setenv (the CLI reads ASSURE_* variables and SOURCE_DATE_EPOCH) and
// t.Chdir are only used in tests that are not parallel, and the testing
// package runs those before it releases the parallel ones. A test that needs
// a variable set for several runs sets it once and runs its subtests in
// parallel under it.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// baseEnv is the environment the parallel tests run in.
var baseEnv []string

// sharedRoot holds the --out folders of shared runs until the test binary ends.
var sharedRoot string

func TestMain(m *testing.M) {
	// Nothing may leak in from the shell that runs go test: every test sets
	// what it needs.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "ASSURE_") || k == "SOURCE_DATE_EPOCH" {
			os.Unsetenv(k)
		}
	}
	baseEnv = slices.Sorted(slices.Values(os.Environ()))
	var err error
	if sharedRoot, err = os.MkdirTemp("", "assure-test-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(sharedRoot)
	os.Exit(code)
}

// sharedRun is one `assure assess` whose result several tests read.
type sharedRun struct {
	sync.Mutex
	dir    string // its --out folder
	done   bool
	code   int
	out    string // stdout and stderr
	report []byte // report.json; nil when the run wrote none
}

var sharedRuns struct {
	sync.Mutex
	byArgs map[string]*sharedRun
}

// assessOnce runs `assess --evidence dir --out OUT --format json extra...` the
// first time it is asked to and returns that run to every later caller. It runs
// in the environment of the parallel tests, so it must not be called while a
// test has changed it.
func assessOnce(t testing.TB, dir string, extra ...string) *sharedRun {
	t.Helper()
	if env := slices.Sorted(slices.Values(os.Environ())); !slices.Equal(env, baseEnv) {
		t.Fatal("a shared run was asked for while the environment was changed (t.Setenv)")
	}
	key := strings.Join(append([]string{dir}, extra...), "\x00")
	sharedRuns.Lock()
	if sharedRuns.byArgs == nil {
		sharedRuns.byArgs = map[string]*sharedRun{}
	}
	r := sharedRuns.byArgs[key]
	if r == nil {
		r = &sharedRun{dir: filepath.Join(sharedRoot, fmt.Sprint(len(sharedRuns.byArgs)))}
		sharedRuns.byArgs[key] = r
	}
	sharedRuns.Unlock()

	r.Lock()
	defer r.Unlock()
	if !r.done {
		var stdout, stderr bytes.Buffer
		args := append([]string{"assure", "assess", "--evidence", dir, "--out", r.dir, "--format", "json"}, extra...)
		r.code = Run(context.Background(), args, &stdout, &stderr)
		r.out = stdout.String() + stderr.String()
		r.report, _ = os.ReadFile(filepath.Join(r.dir, "report.json"))
		r.done = true
	}
	return r
}

// assessShared is assessFixture on a run shared with other tests: the decoded
// report is the caller's own.
func assessShared(t testing.TB, dir string, extra ...string) (int, map[string]any, string) {
	t.Helper()
	r := assessOnce(t, dir, extra...)
	if r.report == nil {
		t.Fatalf("exit %d, no report\n%s", r.code, r.out)
	}
	var rep map[string]any
	if err := json.Unmarshal(r.report, &rep); err != nil {
		t.Fatal(err)
	}
	return r.code, rep, r.out
}
