package ocsf

import (
	"bufio"
	"bytes"
	"io"
	"runtime"
	"sync"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/internal/problem"
)

// JSON Lines are decoded in parallel: a reader cuts the input into batches of
// lines, workers decode and map each batch, and the caller's goroutine emits
// the batches' items in input order. Decoding is most of the cost of reading
// an export, and it is independent from line to line; a fixed pool of batches
// bounds the memory in flight.

const (
	batchLines = 512
	batchBytes = 512 << 10
)

type batch struct {
	buf   []byte // the batch's lines, one after the other
	ends  []int  // where each line ends in buf
	nums  []int  // each line's number
	items []evidence.Item
	n     counts
	err   error // a problem with the input that ends the reading
	done  chan struct{}
}

func (b *batch) reset() {
	b.buf, b.ends, b.nums = b.buf[:0], b.ends[:0], b.nums[:0]
	clear(b.items)
	b.items, b.n, b.err = b.items[:0], counts{}, nil
}

// fill reads lines into b until it is full; it reports whether the input is
// exhausted (or broken: b.err).
func fill(br *bufio.Reader, b *batch, line *int) bool {
	for len(b.ends) < batchLines && len(b.buf) < batchBytes {
		*line++
		s, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			b.err = &problem.Problem{Line: *line, Msg: "line is longer than 1 MiB; want one OCSF event of at most 1 MiB per line"}
			return true
		}
		if *line == 1 {
			s = bytes.TrimPrefix(s, bom)
		}
		if s = bytes.TrimSpace(s); len(s) > 0 {
			b.buf = append(b.buf, s...)
			b.ends = append(b.ends, len(b.buf))
			b.nums = append(b.nums, *line)
		}
		if err == io.EOF {
			return true
		}
		if err != nil {
			b.err = err
			return true
		}
	}
	return false
}

func (m *mapper) readLines(br *bufio.Reader) error {
	workers := max(1, min(runtime.GOMAXPROCS(0), 8))
	pool := 2*workers + 2
	free := make(chan *batch, pool)
	for range pool {
		free <- &batch{done: make(chan struct{}, 1)}
	}
	work := make(chan *batch, pool)
	order := make(chan *batch, pool)
	quit := make(chan struct{})

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var cur *batch
			w := &mapper{kind: m.kind, emit: func(it evidence.Item) bool {
				cur.items = append(cur.items, it)
				return true
			}}
			for b := range work {
				cur, w.n = b, counts{}
				start := 0
				for i, end := range b.ends {
					w.line(b.nums[i], b.buf[start:end])
					start = end
				}
				b.n = w.n
				b.done <- struct{}{}
			}
		})
	}
	go func() {
		defer close(work)
		defer close(order)
		line := 0
		for {
			select {
			case <-quit:
				return
			default:
			}
			var b *batch
			select {
			case b = <-free:
			case <-quit:
				return
			}
			b.reset()
			last := fill(br, b, &line)
			order <- b // order and work hold every batch: never blocks
			work <- b
			if last {
				return
			}
		}
	}()

	var err error
	stopped := false
	for b := range order {
		<-b.done
		if !stopped {
			m.n.add(&b.n)
			for _, it := range b.items {
				if !m.put(it) {
					break
				}
			}
			if b.err != nil && !m.stopped {
				err = b.err
			}
			if m.stopped || err != nil {
				stopped = true
				close(quit)
			}
		}
		free <- b
	}
	wg.Wait()
	return err
}
