package evidence

import "github.com/assure-dev/assure/internal/tomldoc"

// decodeTOML parses and validates a TOML document against the named schema and
// returns it JSON-shaped; every problem names the file and line.
func decodeTOML(file string, text []byte, schema string) (map[string]any, []*Problem) {
	doc, probs := tomldoc.Decode(text, schema)
	if probs == nil {
		return doc, nil
	}
	out := make([]*Problem, len(probs))
	for i, p := range probs {
		out[i] = &Problem{File: file, Line: p.Line, Where: p.Where, Msg: p.Msg}
	}
	return nil, out
}
