package vendorio

import (
	"bytes"
	"io"
	"runtime"
	"sync"

	"github.com/assure-dev/assure/internal/problem"
)

// Lines is the one parallel reader of line-oriented exports (native and OCSF
// JSON Lines): a reader cuts the input into chunks of whole lines, workers
// decode the chunks' lines, and the results come back in input order, so they
// do not depend on the number of workers. Decoding is most of the cost of
// reading an export and is independent from line to line; a fixed pool of
// chunks bounds the memory in flight to a few MiB.
//
// newWorker is called once per worker, before reading starts, and makes the
// state that worker alone uses (scratch space, interning, counts), so that
// workers share nothing. decode is called by a worker for every line with the
// line's 1-based number and its text without the newline: blank lines, a
// trailing '\r' and a byte-order mark are the caller's to handle. It appends
// what the line gave to out and returns it; text is valid only during the
// call. yield is called in the caller's goroutine with every result, in input
// order, until it returns false; Lines then stops and returns nil.
//
// A line longer than MaxRecord ends the reading: a *problem.Problem at that
// line, worded tooLong (MsgLineTooLong when empty), is returned after the
// results of every line before it. A failure to read (a damaged gzip stream)
// is returned as a *ReadError, without the results of the chunk it was met
// in.
func Lines[W, T any](r io.Reader, tooLong string, newWorker func() W, decode func(w W, line int, text []byte, out []T) []T, yield func(T) bool) error {
	if tooLong == "" {
		tooLong = MsgLineTooLong
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	states := make([]W, workers)
	for i := range states {
		states[i] = newWorker()
	}
	pool := 2*workers + 2
	free := make(chan *chunk[T], pool)
	for range pool {
		free <- &chunk[T]{done: make(chan struct{}, 1)}
	}
	jobs := make(chan *chunk[T], pool)  // every chunk fits: sending never blocks
	order := make(chan *chunk[T], pool) // likewise
	quit := make(chan struct{})

	var wg sync.WaitGroup
	for _, w := range states {
		wg.Go(func() {
			for c := range jobs {
				c.out = decodeChunk(w, c.data, c.first, c.out, decode)
				c.done <- struct{}{}
			}
		})
	}
	var readErr error
	go func() {
		defer close(jobs)
		defer close(order)
		readErr = split(r, tooLong, free, quit, func(c *chunk[T]) {
			order <- c
			jobs <- c
		})
	}()

	stopped := false
	for c := range order {
		<-c.done
		if !stopped {
			for _, x := range c.out {
				if !yield(x) {
					stopped = true
					close(quit)
					break
				}
			}
		}
		clear(c.out) // let the results go
		c.out = c.out[:0]
		free <- c
	}
	wg.Wait()
	if stopped {
		return nil
	}
	return readErr
}

// chunkSize is how many bytes one read adds to a chunk: large enough to
// amortise scheduling, small enough that the chunks in flight stay a few MiB
// (half a MiB keeps the OCSF reader's peak heap where its own batches had it,
// and lowers the native reader's). Every line but the first of a chunk lies
// within what one read added, so with chunkSize at most MaxRecord only the
// first can be too long.
const chunkSize = 512 << 10

// chunk is a run of whole lines and, once decoded, their results.
type chunk[T any] struct {
	mem   []byte // the buffer, kept for the next chunk
	data  []byte // the whole lines, in mem
	first int    // the number of the first line
	out   []T
	done  chan struct{}
}

// ReadError is a failure to read an export, met after Line lines.
type ReadError struct {
	Line int
	Err  error
}

func (e *ReadError) Error() string { return e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// split reads r into chunks taken from free, handing each to send, until the
// input ends, a line is too long, reading fails or quit is closed.
func split[T any](r io.Reader, tooLong string, free chan *chunk[T], quit chan struct{}, send func(*chunk[T])) error {
	line := 1
	var carry []byte // the start of a line the last chunk did not end
	for {
		var c *chunk[T]
		select {
		case c = <-free:
		case <-quit:
			return nil
		}
		need := len(carry) + chunkSize
		if cap(c.mem) < need {
			c.mem = make([]byte, need)
		}
		// carry lies in the last chunk's buffer, which nothing writes to
		// until the reader takes it again: here, if c is that chunk, where
		// copy moves it to the front.
		buf := c.mem[:need]
		copy(buf, carry)
		n, err := io.ReadFull(r, buf[len(carry):])
		buf = buf[:len(carry)+n]
		// io.ReadFull turns only a plain end of input into these two; a
		// damaged gzip stream that ends early is an error of its own.
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return &ReadError{Line: line + bytes.Count(buf, []byte{'\n'}), Err: err}
		}
		if i := bytes.IndexByte(buf, '\n'); i > MaxRecord || (i < 0 && len(buf) > MaxRecord) {
			return &problem.Problem{Line: line, Msg: tooLong}
		}
		cut := bytes.LastIndexByte(buf, '\n') + 1
		if eof {
			cut = len(buf)
		}
		if cut == 0 {
			free <- c // no line ends in it yet (or the input is empty)
		} else {
			c.data, c.first = buf[:cut], line
			line += bytes.Count(c.data, []byte{'\n'})
			send(c)
		}
		if eof {
			return nil
		}
		carry = buf[cut:]
	}
}

func decodeChunk[W, T any](w W, data []byte, line int, out []T, decode func(W, int, []byte, []T) []T) []T {
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		var text []byte
		if end < 0 {
			text, data = data, nil
		} else {
			text, data = data[:end], data[end+1:]
		}
		out = decode(w, line, text, out)
		line++
	}
	return out
}
