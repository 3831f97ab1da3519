package vendorio

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/assure-dev/assure/internal/problem"
)

type numbered struct {
	line int
	text string
}

func collectLines(t *testing.T, r io.Reader, stopAfter int) ([]numbered, error) {
	t.Helper()
	var got []numbered
	err := Lines(r, "", func() *int { return new(int) }, func(w *int, line int, text []byte, out []numbered) []numbered {
		*w++ // per-worker state, never shared
		return append(out, numbered{line, string(text)})
	}, func(n numbered) bool {
		got = append(got, n)
		return stopAfter == 0 || len(got) < stopAfter
	})
	return got, err
}

func TestLinesKeepOrderAndNumbers(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 30000; i++ {
		fmt.Fprintf(&b, "line %d %s\n", i, strings.Repeat("x", i%97))
	}
	b.WriteString("last, without a newline")
	for _, procs := range []int{1, 2, 5} {
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			got, err := collectLines(t, strings.NewReader(b.String()), 0)
			if err != nil || len(got) != 30001 {
				t.Fatalf("GOMAXPROCS %d: %d lines, %v", procs, len(got), err)
			}
			for i, n := range got[:30000] {
				if n.line != i+1 || !strings.HasPrefix(n.text, fmt.Sprintf("line %d ", i+1)) {
					t.Fatalf("GOMAXPROCS %d: result %d is %+v", procs, i, n)
				}
			}
			if last := got[30000]; last.line != 30001 || last.text != "last, without a newline" {
				t.Errorf("last line %+v", last)
			}
		}()
	}
}

func TestLinesStopAndFail(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("a\n", 100000)
	if got, err := collectLines(t, strings.NewReader(text), 10); err != nil || len(got) != 10 {
		t.Errorf("stopping after 10: %d results, %v", len(got), err)
	}
	if got, err := collectLines(t, strings.NewReader(""), 0); err != nil || len(got) != 0 {
		t.Errorf("empty input: %v, %v", got, err)
	}

	long := "ok\n" + strings.Repeat("y", MaxRecord+1) + "\nnever read\n"
	got, err := collectLines(t, strings.NewReader(long), 0)
	var p *problem.Problem
	if !errors.As(err, &p) || p.Line != 2 || p.Msg != MsgLineTooLong || len(got) != 1 {
		t.Errorf("long line: %d results, %v", len(got), err)
	}
	if _, err := collectLines(t, strings.NewReader(strings.Repeat("z", MaxRecord)), 0); err != nil {
		t.Errorf("a last line of exactly MaxRecord bytes: %v", err)
	}

	broken := io.MultiReader(strings.NewReader("a\nb\n"), &failing{})
	_, err = collectLines(t, broken, 0)
	var re *ReadError
	if !errors.As(err, &re) || re.Line != 3 || !errors.Is(err, errBroken) {
		t.Errorf("read failure: %v", err)
	}
}

var errBroken = errors.New("broken")

type failing struct{}

func (*failing) Read([]byte) (int, error) { return 0, errBroken }

func TestParseBool(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][2]bool{"True": {true, true}, " yes ": {true, true}, "1": {true, true}, "NO": {false, true}, "0": {false, true}, "maybe": {false, false}, "": {false, false}} {
		if v, ok := ParseBool(in); v != want[0] || ok != want[1] {
			t.Errorf("ParseBool(%q) = %v, %v; want %v", in, v, ok, want)
		}
	}
}
