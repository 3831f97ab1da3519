package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"

	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/internal/problem"
)

// jsonDocProblem locates a syntax error in a whole JSON document by line.
func jsonDocProblem(file string, body []byte, err error) *problem.Problem {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &problem.Problem{File: file, Line: vendorio.NewLineIndex(body).Line(int(se.Offset)), Msg: "invalid JSON: " + jsonErrorText(err) + "; want one JSON document"}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &problem.Problem{File: file, Line: vendorio.NewLineIndex(body).Line(len(body)), Msg: "invalid JSON: the document ends before it is complete; want one whole JSON document"}
	}
	return &problem.Problem{File: file, Msg: "invalid JSON: " + jsonErrorText(err) + "; want one JSON document"}
}

// pointerLine returns the line where the value at the JSON Pointer tokens starts
// in body, or the line of the deepest enclosing value found.
func pointerLine(body []byte, tokens []string) int {
	dec := json.NewDecoder(bytes.NewReader(body))
	lines := vendorio.NewLineIndex(body)
	var stack []frame
	best := 1
	path := func() []string {
		p := make([]string, 0, len(stack))
		for _, f := range stack {
			if f.object {
				p = append(p, f.key)
			} else {
				p = append(p, strconv.Itoa(f.index))
			}
		}
		return p
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return best
		}
		// A key of an object: remember it, the value comes next.
		if n := len(stack); n > 0 && stack[n-1].object && !stack[n-1].keyed {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:n-1]
				afterValue(stack)
				continue
			}
			stack[n-1].key, stack[n-1].keyed = tok.(string), true
			continue
		}
		if d, ok := tok.(json.Delim); ok && (d == ']' || d == '}') {
			stack = stack[:len(stack)-1]
			afterValue(stack)
			continue
		}
		p := path()
		line := lines.Line(int(start) + leadingSpace(body[start:]))
		if len(p) <= len(tokens) && slices.Equal(p, tokens[:len(p)]) {
			best = line
			if len(p) == len(tokens) {
				return line
			}
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{object: d == '{'})
			continue
		}
		afterValue(stack)
	}
}

type frame struct {
	object bool
	index  int
	key    string
	keyed  bool // in an object: the key of the next value has been read
}

// afterValue moves the innermost container past the value just read.
func afterValue(stack []frame) {
	if n := len(stack); n > 0 {
		if stack[n-1].object {
			stack[n-1].keyed = false
		} else {
			stack[n-1].index++
		}
	}
}

func leadingSpace(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t' || b[n] == '\r' || b[n] == '\n' || b[n] == ',' || b[n] == ':') {
		n++
	}
	return n
}
