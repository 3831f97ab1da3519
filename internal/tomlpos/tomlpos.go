// Package tomlpos finds the line of a key in TOML text, so that a problem found
// after decoding (a schema violation, an unknown control) can still be reported
// as file:line. BurntSushi/toml keeps key positions private; this package reads
// the table headers and key lines of the source again, which is enough for the
// documents this project reads.
package tomlpos

import (
	"strconv"
	"strings"
)

// Index maps JSON-Pointer-like paths ("source/2/kind", "control/0/check/1/op") to
// the 1-based line where that key or table starts.
type Index struct {
	lines map[string]int
}

// New indexes the keys of a TOML document.
func New(text string) *Index {
	ix := &Index{lines: map[string]int{}}
	counts := map[string]int{} // array-of-tables path (with parent indices) → next index
	var ctx []string           // current table path, with array indices
	inMultiline := ""          // the closing quote of an open multi-line string
	depth := 0                 // open brackets of a multi-line array or inline table
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		n := i + 1
		if inMultiline != "" {
			if strings.Count(line, inMultiline)%2 == 1 {
				inMultiline = ""
			}
			continue
		}
		if depth > 0 {
			depth += bracketDelta(line)
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[[") {
			end := strings.Index(line, "]]")
			if end < 2 {
				continue
			}
			name := splitKey(strings.TrimSpace(line[2:end]))
			parent := resolve(ctx, name[:len(name)-1])
			base := strings.Join(append(parent, name[len(name)-1]), "/")
			idx := counts[base]
			counts[base] = idx + 1
			ctx = append(append([]string{}, parent...), name[len(name)-1], strconv.Itoa(idx))
			ix.set(strings.Join(ctx, "/"), n)
			continue
		}
		if strings.HasPrefix(line, "[") {
			end := strings.Index(line, "]")
			if end < 0 {
				continue
			}
			name := splitKey(strings.TrimSpace(line[1:end]))
			ctx = append(resolve(ctx, name[:len(name)-1]), name[len(name)-1])
			ix.set(strings.Join(ctx, "/"), n)
			continue
		}
		eq := keyEnd(line)
		if eq < 0 {
			continue
		}
		key := splitKey(strings.TrimSpace(line[:eq]))
		path := append(append([]string{}, ctx...), key...)
		ix.set(strings.Join(path, "/"), n)
		value := strings.TrimSpace(line[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(value, q) && strings.Count(value, q) == 1 {
				inMultiline = q
			}
		}
		if inMultiline == "" {
			depth = bracketDelta(value)
			if depth < 0 {
				depth = 0
			}
		}
	}
	return ix
}

func (ix *Index) set(path string, line int) {
	if _, ok := ix.lines[path]; !ok {
		ix.lines[path] = line
	}
}

// Line returns the line of the deepest known prefix of the path tokens, or 0 when
// not even the first token is known.
func (ix *Index) Line(tokens []string) int {
	for k := len(tokens); k > 0; k-- {
		if n, ok := ix.lines[strings.Join(tokens[:k], "/")]; ok {
			return n
		}
	}
	return 0
}

// resolve maps the parent names of a header onto the current context, so that
// [[control.check]] attaches to the latest [[control]].
func resolve(ctx []string, names []string) []string {
	var out []string
	j := 0
	for _, name := range names {
		for j < len(ctx) && ctx[j] != name {
			j++
		}
		if j >= len(ctx) {
			out = append(out, name)
			continue
		}
		out = append(out, ctx[j])
		if j+1 < len(ctx) && isIndex(ctx[j+1]) {
			out = append(out, ctx[j+1])
			j++
		}
		j++
	}
	return out
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func splitKey(s string) []string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return parts
}

// keyEnd returns the index of the '=' that ends a key, outside quotes.
func keyEnd(line string) int {
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		}
	}
	return -1
}

// bracketDelta counts opening minus closing brackets and braces outside strings.
func bracketDelta(s string) int {
	d := 0
	unquoted(s, func(c byte) bool {
		switch c {
		case '#':
			return false
		case '[', '{':
			d++
		case ']', '}':
			d--
		}
		return true
	})
	return d
}

// unquoted calls fn with each byte of s that lies outside quoted strings (a
// basic string may escape its quote) until fn returns false, and reports
// whether s ends inside a string.
func unquoted(s string, fn func(c byte) bool) (open bool) {
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case !fn(c):
			return false
		}
	}
	return quote != 0
}

// Raw returns the value of key as written on the 1-based line of a TOML
// document — `2026-10-01 08:00` for `collected_at = 2026-10-01 08:00 # UTC?` —
// so that a message can quote what the user wrote rather than what the
// decoder made of it. It finds `key =` outside quotes (also inside an inline
// table) and reads up to a comma, a closing brace or a comment; it returns ""
// when the line holds no such key.
func Raw(text string, line int, key string) string {
	lines := strings.Split(text, "\n")
	if line < 1 || line > len(lines) || key == "" {
		return ""
	}
	l := lines[line-1]
	for from := 0; from < len(l); {
		i := strings.Index(l[from:], key)
		if i < 0 {
			return ""
		}
		start, end := from+i, from+i+len(key)
		from = end
		if before := strings.TrimRight(l[:start], " \t\"'"); before != "" && !strings.ContainsAny(before[len(before)-1:], "{,.") {
			continue // part of a longer key, or of a value
		}
		at := start
		if start > 0 && end < len(l) && (l[start-1] == '"' || l[start-1] == '\'') && l[end] == l[start-1] {
			at = start - 1 // a quoted key
		}
		rest := strings.TrimLeft(strings.TrimLeft(l[end:], "\"'"), " \t")
		if !strings.HasPrefix(rest, "=") || quotedAt(l, at) {
			continue
		}
		value := strings.TrimSpace(rest[1:])
		if cut := strings.IndexAny(value, ",}#"); cut >= 0 {
			value = value[:cut]
		}
		return strings.TrimSpace(value)
	}
	return ""
}

// quotedAt reports whether byte i of a line lies inside a quoted string.
func quotedAt(l string, i int) bool {
	return unquoted(l[:min(max(i, 0), len(l))], func(byte) bool { return true })
}
