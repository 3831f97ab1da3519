package evidence

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/schemas"
)

// column is one column of a native CSV kind. Every column must be in the header;
// an empty cell leaves the field absent, and the schema decides whether that is
// allowed.
type column struct {
	name    string
	boolean bool
	// optional columns may be left out of the header: documented columns
	// added after a kind was first published, so files written before them
	// stay valid, and privileged, which an HR export may not carry (the
	// metrics then take who is privileged as not known).
	optional bool
}

var csvColumns = map[Kind][]column{
	Population: {{name: "user_id"}, {name: "persona"}, {name: "employment"}, {name: "privileged", boolean: true, optional: true}, {name: "in_scope", boolean: true},
		{name: "in_scope_from", optional: true}},
	Devices: {{name: "device_id"}, {name: "user_id"}, {name: "platform"}, {name: "os_version"}, {name: "hardware_keystore", boolean: true},
		{name: "managed", boolean: true}, {name: "ownership"}, {name: "shared", boolean: true}, {name: "last_seen"}},
	Authenticators: {{name: "user_id"}, {name: "authenticator_id"}, {name: "type"}, {name: "registered_at"}, {name: "revoked_at"}},
	Identities:     {{name: "alternate_id"}, {name: "user_id"}},
	Tickets:        {{name: "ticket_id"}, {name: "opened_at"}, {name: "resolved_at"}, {name: "category"}, {name: "subcategory"}, {name: "summary"}, {name: "stage"}},
}

// readCSV decodes a native CSV file of kind k, validating every row against the
// kind's schema and handing valid rows to fn as JSON-shaped objects. Problems are
// added to probs; reading stops at a structural error (bad quoting, wrong field
// count) because later line numbers could not be trusted.
func readCSV(r io.Reader, file string, k Kind, set *schemas.Set, probs *problem.List, fn func(line int, row map[string]any)) error {
	cols := csvColumns[k]
	cr, lc, err := vendorio.OpenCSV(r)
	if err != nil {
		probs.Add(csvProblem(file, err, nil, 1))
		return nil
	}
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil // an empty file is valid: the controls that need it fail closed
	}
	if err != nil {
		probs.Add(csvProblem(file, err, nil, lc.Line()))
		return nil
	}
	index := make([]int, len(cols)) // column → position in the file
	for i := range index {
		index[i] = -1
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	seen := map[string]bool{}
	header = slices.Clone(header)
	for pos, h := range header {
		h = strings.TrimSpace(h)
		header[pos] = h
		ci := slices.Index(names, h)
		switch {
		case ci < 0:
			probs.Add(&problem.Problem{File: file, Line: 1, Where: fmt.Sprintf("column %d", pos+1),
				Msg: fmt.Sprintf("unknown column %q (want: %s)", h, strings.Join(names, ", "))})
		case seen[h]:
			probs.Add(&problem.Problem{File: file, Line: 1, Where: fmt.Sprintf("column %d", pos+1), Msg: fmt.Sprintf("column %q appears twice", h)})
		default:
			index[ci] = pos
		}
		seen[h] = true
	}
	var required []string
	for _, c := range cols {
		if !c.optional {
			required = append(required, c.name)
		}
	}
	missing := false
	for i, c := range cols {
		if index[i] < 0 && !c.optional {
			missing = true
			probs.Add(&problem.Problem{File: file, Line: 1, Msg: fmt.Sprintf("missing column %q (the header must name: %s)", c.name, strings.Join(required, ", "))})
		}
	}
	if missing || len(seen) != len(header) {
		return nil
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			probs.Add(csvProblem(file, err, header, lc.Line()))
			return nil
		}
		line, _ := cr.FieldPos(0)
		row := make(map[string]any, len(cols))
		bad := false
		for i, c := range cols {
			if index[i] < 0 {
				continue // an optional column the file leaves out
			}
			cell := strings.TrimSpace(rec[index[i]])
			if cell == "" {
				continue
			}
			if c.boolean {
				b, ok := vendorio.ParseBool(cell)
				if !ok {
					probs.Add(&problem.Problem{File: file, Line: line, Where: fmt.Sprintf("column %q", c.name),
						Msg: fmt.Sprintf("%q is not a boolean (want true or false, yes or no, 1 or 0)", clip(cell))})
					bad = true
					continue
				}
				row[c.name] = b
				continue
			}
			row[c.name] = cell
		}
		if !bad {
			vs, err := set.Validate(string(k), row)
			if err != nil {
				return err
			}
			for _, v := range vs {
				probs.Add(&problem.Problem{File: file, Line: line, Where: csvWhere(v), Msg: v.Message})
				bad = true
			}
		}
		if !bad {
			fn(line, row)
		}
		if probs.Full() {
			return nil
		}
	}
}

func csvWhere(v schemas.Violation) string {
	if len(v.Tokens) > 0 {
		return fmt.Sprintf("column %q", v.Tokens[0])
	}
	return ""
}

// csvProblem locates a read error: malformed CSV, a line over the limit, or a
// damaged gzip stream (reported at the line reached).
func csvProblem(file string, err error, header []string, line int) *problem.Problem {
	var pe *csv.ParseError
	var tl *problem.Problem
	var gz *gzipError
	switch {
	case errors.As(err, &tl):
		return &problem.Problem{File: file, Line: tl.Line, Msg: tl.Msg}
	case errors.As(err, &gz):
		return &problem.Problem{File: file, Line: line, Msg: gz.Error()}
	case errors.As(err, &pe) && pe.Err == csv.ErrFieldCount:
		return &problem.Problem{File: file, Line: pe.StartLine, Msg: fmt.Sprintf("row has a different number of fields from the header (want %d, one per header column)", len(header))}
	case errors.As(err, &pe):
		where := ""
		if pe.Column > 0 {
			where = fmt.Sprintf("byte %d", pe.Column)
		}
		return &problem.Problem{File: file, Line: pe.Line, Where: where, Msg: "bad CSV: " + pe.Err.Error() + " (want fields that contain quotes, commas or line breaks quoted, with the quotes inside them doubled)"}
	}
	return &problem.Problem{File: file, Line: line, Msg: "cannot read: " + err.Error()}
}

// clip shortens a user's value for a message.
func clip(s string) string {
	const limit = 60
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}

// delimiterMismatch says why a file's first line does not fit the delimiter
// its source declares (a comma unless the manifest says otherwise), or "". A
// file whose content starts as JSON, or whose first line holds no candidate
// delimiter at all, fits any.
func delimiterMismatch(head []byte, declared rune) string {
	if declared == 0 {
		declared = ','
	}
	line := vendorio.FirstLine(head)
	if t := bytes.TrimSpace(line); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return ""
	}
	d := vendorio.CountDelimiters(line)
	got := d.Likely()
	if d.None() || got == declared {
		return ""
	}
	counts := fmt.Sprintf("its first line has %s and ", delimiterCount(got, d.Of(got)))
	counts += delimiterCount(declared, d.Of(declared))
	if declared == ',' {
		return fmt.Sprintf("this file looks %s-delimited (%s); want commas: save it as \"CSV UTF-8 (Comma delimited)\", or declare delimiter = %s on its [[source]] in evidence.toml",
			delimiterName(got), counts, delimiterSpelling(got))
	}
	fix := "remove the delimiter key"
	if got != ',' {
		fix = "declare delimiter = " + delimiterSpelling(got)
	}
	return fmt.Sprintf("this file looks %s-delimited (%s), but its [[source]] in evidence.toml declares delimiter = %s; want the delimiter the file uses: %s",
		delimiterName(got), counts, delimiterSpelling(declared), fix)
}

func delimiterName(r rune) string {
	switch r {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}

// delimiterSpelling is how the manifest writes a delimiter.
func delimiterSpelling(r rune) string {
	if r == '\t' {
		return `"\t"`
	}
	return fmt.Sprintf("%q", string(r))
}

// delimiterCount says how many of a delimiter a line has: `8 ";"`, `no ","`,
// `3 tabs`.
func delimiterCount(r rune, n int) string {
	count := "no"
	if n > 0 {
		count = fmt.Sprint(n)
	}
	switch {
	case r != '\t':
		return count + " " + delimiterSpelling(r)
	case n == 1:
		return "1 tab"
	}
	return count + " tabs"
}
