package evidence

import (
	"bytes"
	"io"
	"iter"

	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/internal/problem"
)

// lineDecoder decodes one JSON Lines record. It returns the record, or the
// problems of that line (with Line left for the caller to fill in).
type lineDecoder[T any] func(line []byte, st *decodeState) (T, []*problem.Problem)

// decodeState is per-worker scratch state (string interning), so that workers
// share nothing and need no locks.
type decodeState struct {
	intern map[string]string
}

// internLimit bounds the interning table so a file of unique ids cannot grow it
// without end; past it strings are simply allocated.
const internLimit = 1 << 16

func (st *decodeState) str(b []byte) string {
	if s, ok := st.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(st.intern) < internLimit {
		st.intern[s] = s
	}
	return s
}

// item is what a stream yields: a record, or a problem with one line.
type item[T any] struct {
	rec  T
	prob *problem.Problem
}

// streamJSONL decodes r line by line on every core (vendorio.Lines) and yields
// the records in file order. A problem with one line is yielded and decoding
// goes on; a problem with the stream itself (corrupt gzip, a line over the
// limit) is yielded last.
func streamJSONL[T any](r io.Reader, file string, decode lineDecoder[T]) iter.Seq2[T, *problem.Problem] {
	return func(yield func(T, *problem.Problem) bool) {
		newState := func() *decodeState { return &decodeState{intern: map[string]string{}} }
		decodeLine := func(st *decodeState, line int, l []byte, out []item[T]) []item[T] {
			if len(l) > 0 && l[len(l)-1] == '\r' {
				l = l[:len(l)-1]
			}
			if len(bytes.TrimSpace(l)) == 0 {
				return out
			}
			rec, probs := decode(l, st)
			if probs == nil {
				return append(out, item[T]{rec: rec})
			}
			for _, p := range probs {
				p.File, p.Line = file, line
				out = append(out, item[T]{prob: p})
			}
			return out
		}
		stopped := false
		err := vendorio.Lines(r, "", newState, decodeLine, func(it item[T]) bool {
			stopped = !yield(it.rec, it.prob)
			return !stopped
		})
		if err != nil && !stopped {
			var zero T
			yield(zero, sourceProblem(file, err))
		}
	}
}
