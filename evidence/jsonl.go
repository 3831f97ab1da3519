package evidence

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"runtime"
	"sync"

	"github.com/assure-dev/assure/internal/problem"
)

// chunkSize is how many bytes of whole lines one decoding job gets: large enough
// to amortise scheduling, small enough that in-flight chunks stay a few MiB.
const chunkSize = 1 << 20

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

type job[T any] struct {
	data      []byte
	firstLine int
	out       chan []item[T]
}

// streamJSONL decodes r line by line on every core and yields the records in file
// order, so results do not depend on the number of workers. A problem with one
// line is yielded and decoding goes on; a problem with the stream itself (corrupt
// gzip, a line over the limit) is yielded last.
func streamJSONL[T any](r io.Reader, file string, decode lineDecoder[T]) iter.Seq2[T, *problem.Problem] {
	return func(yield func(T, *problem.Problem) bool) {
		workers := runtime.GOMAXPROCS(0)
		jobs := make(chan job[T], workers)
		order := make(chan job[T], workers*2)
		done := make(chan struct{})
		var readErr *problem.Problem
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st := &decodeState{intern: map[string]string{}}
				for j := range jobs {
					j.out <- decodeChunk(j.data, j.firstLine, file, st, decode)
				}
			}()
		}
		go func() {
			defer close(order)
			defer close(jobs)
			readErr = splitLines(r, file, func(data []byte, first int) bool {
				j := job[T]{data: data, firstLine: first, out: make(chan []item[T], 1)}
				select {
				case <-done: // stop reading as soon as the consumer has
					return false
				default:
				}
				select {
				case order <- j:
				case <-done:
					return false
				}
				select {
				case jobs <- j:
					return true
				case <-done:
					return false
				}
			})
		}()
		defer func() {
			close(done)
			for range order { // let the reader finish and the workers drain
			}
			wg.Wait()
		}()
		var zero T
		for j := range order {
			for _, it := range <-j.out {
				if !yield(it.rec, it.prob) {
					return
				}
			}
		}
		if readErr != nil {
			yield(zero, readErr)
		}
	}
}

func decodeChunk[T any](data []byte, line int, file string, st *decodeState, decode lineDecoder[T]) []item[T] {
	out := make([]item[T], 0, len(data)/100)
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		var l []byte
		if end < 0 {
			l, data = data, nil
		} else {
			l, data = data[:end], data[end+1:]
		}
		if len(l) > 0 && l[len(l)-1] == '\r' {
			l = l[:len(l)-1]
		}
		if len(bytes.TrimSpace(l)) > 0 {
			rec, probs := decode(l, st)
			if probs == nil {
				out = append(out, item[T]{rec: rec})
			}
			for _, p := range probs {
				p.File, p.Line = file, line
				out = append(out, item[T]{prob: p})
			}
		}
		line++
	}
	return out
}

// splitLines reads r and hands emit runs of whole lines of about chunkSize bytes
// with the number of their first line. The slices handed out are not reused.
func splitLines(r io.Reader, file string, emit func(data []byte, firstLine int) bool) *problem.Problem {
	line := 1
	var carry []byte
	for {
		buf := make([]byte, len(carry), len(carry)+chunkSize)
		copy(buf, carry)
		n, err := io.ReadFull(r, buf[len(carry):cap(buf)])
		buf = buf[:len(carry)+n]
		// A damaged gzip stream can end in io.ErrUnexpectedEOF too: it must be
		// told apart from the plain end of a file, or a truncated export would
		// pass as a shorter valid one.
		var gz *gzipError
		if errors.As(err, &gz) {
			return &problem.Problem{File: file, Line: line + bytes.Count(buf, []byte{'\n'}), Msg: gz.Error()}
		}
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return &problem.Problem{File: file, Line: line, Msg: "cannot read: " + err.Error()}
		}
		// Only the line that began in carry can be longer than chunkSize, so
		// checking the first line is enough.
		if i := bytes.IndexByte(buf, '\n'); i > maxLine || (i < 0 && len(buf) > maxLine) {
			return &problem.Problem{File: file, Line: line, Msg: msgLineTooLong}
		}
		cut := bytes.LastIndexByte(buf, '\n') + 1
		if eof {
			cut = len(buf)
		}
		whole, rest := buf[:cut], buf[cut:]
		if len(whole) > 0 {
			if !emit(whole, line) {
				return nil
			}
			line += bytes.Count(whole, []byte{'\n'})
		}
		if eof {
			return nil
		}
		carry = rest
	}
}
