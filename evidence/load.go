package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/assure-dev/assure/schemas"
)

// SourceStats describes one source once read: how much it held and its digest.
type SourceStats struct {
	Source
	SHA256  string
	Bytes   int64
	Records int
	Outside int // records whose time lies outside both periods
	read    bool
}

// Set is the evidence of one folder: the manifest, the small kinds loaded whole,
// and the streamed kinds ready to be read.
type Set struct {
	Folder         *Folder
	Manifest       *Manifest
	ManifestSHA256 string

	People         []Person
	Devices        []Device
	Authenticators []Authenticator
	Tickets        []Ticket
	Policies       *PolicySet        // nil when no policies source
	Governance     *GovernanceRecord // nil when no governance source
	Rules          []Rule
	RulesSource    string // "built-in" or the rules file's path
	RulesSHA256    string

	Sources []*SourceStats // one per manifest source, in manifest order
	schemas *schemas.Set
}

// singular kinds describe one thing (a policy baseline, a governance record, a
// rule set); merging two of them has no sensible meaning.
var singular = map[Kind]bool{Policies: true, Governance: true, TicketRules: true}

// Load reads the manifest and every non-streamed source of the folder, and checks
// that the streamed sources can be opened. Every problem found is returned
// together in an *InvalidError; the Set is still returned when the manifest
// itself was valid, so that the streamed sources can be checked too.
func Load(f *Folder) (*Set, error) {
	set, err := schemas.Compiled()
	if err != nil {
		return nil, err
	}
	text, err := f.ReadFile(ManifestName)
	if err != nil {
		return nil, &Problem{File: f.Display(ManifestName), Msg: err.Error() + "; an evidence folder needs an evidence.toml manifest (assure init writes an example)"}
	}
	mfile := f.Display(ManifestName)
	m, probs := ParseManifest(mfile, text)
	if probs != nil {
		return nil, &InvalidError{Problems: probs}
	}
	sum := sha256.Sum256(text)
	s := &Set{Folder: f, Manifest: m, ManifestSHA256: hex.EncodeToString(sum[:]), schemas: set, RulesSource: "built-in"}
	var ps Problems
	count := map[Kind]int{}
	for i := range m.Sources {
		src := m.Sources[i]
		st := &SourceStats{Source: src}
		s.Sources = append(s.Sources, st)
		count[src.Kind]++
		if singular[src.Kind] && count[src.Kind] > 1 {
			ps.Add(&Problem{File: mfile, Line: src.Line, Msg: fmt.Sprintf("a second %s source; this kind may appear once", src.Kind)})
			continue
		}
		if src.Kind == AuthEvents || src.Kind == AccountEvents {
			hf, err := f.openSource(src.Path)
			if err != nil {
				ps.Add(&Problem{File: mfile, Line: src.Line, Where: fmt.Sprintf("source %q", src.Path), Msg: err.Error()})
				continue
			}
			hf.Close()
			continue
		}
		s.loadSource(st, &ps)
	}
	if s.Rules == nil {
		rules, probs := ParseRules("built-in classification rules", builtinRules)
		if probs != nil {
			return nil, &InvalidError{Problems: probs}
		}
		s.Rules = rules
		digest := sha256.Sum256(builtinRules)
		s.RulesSHA256 = hex.EncodeToString(digest[:])
	}
	Classify(s.Tickets, s.Rules)
	return s, ps.Err()
}

func (s *Set) loadSource(st *SourceStats, ps *Problems) {
	f := s.Folder
	file := f.Display(st.Path)
	hf, err := f.openSource(st.Path)
	if err != nil {
		ps.Add(&Problem{File: f.Display(ManifestName), Line: st.Line, Where: fmt.Sprintf("source %q", st.Path), Msg: err.Error()})
		return
	}
	defer hf.Close()
	switch st.Kind {
	case Population, Devices, Authenticators, Tickets:
		err = readCSV(hf, file, st.Kind, s.schemas, ps, func(line int, row map[string]any) {
			st.Records++
			switch st.Kind {
			case Population:
				s.People = append(s.People, personFrom(row))
			case Devices:
				s.Devices = append(s.Devices, deviceFrom(row))
			case Authenticators:
				s.Authenticators = append(s.Authenticators, authenticatorFrom(row))
			case Tickets:
				t := ticketFrom(row)
				if !s.inPeriods(t.OpenedAt) {
					st.Outside++
				}
				s.Tickets = append(s.Tickets, t)
			}
		})
		if err != nil {
			ps.Add(&Problem{File: file, Msg: err.Error()})
		}
	case Policies:
		body, ok := readDocument(hf, file, ps)
		if !ok {
			return
		}
		if len(body) == 0 {
			break // empty: the controls that need policies fail closed
		}
		v, err := schemas.DecodeJSON(body)
		if err != nil {
			ps.Add(jsonDocProblem(file, body, err))
			return
		}
		vs, err := s.schemas.Validate(string(Policies), v)
		if err != nil {
			ps.Add(&Problem{File: file, Msg: err.Error()})
			return
		}
		for _, x := range vs {
			ps.Add(&Problem{File: file, Line: pointerLine(body, x.Tokens), Where: x.Pointer, Msg: x.Message})
		}
		if len(vs) == 0 {
			p := policiesFrom(v.(map[string]any))
			s.Policies = &p
			st.Records = 1 + len(p.Apps)
		}
	case Governance:
		body, ok := readDocument(hf, file, ps)
		if !ok || len(body) == 0 {
			break
		}
		doc, probs := decodeTOML(file, body, string(Governance))
		for _, p := range probs {
			ps.Add(p)
		}
		if probs == nil {
			g := governanceFrom(doc)
			s.Governance = &g
			st.Records = 1
		}
	case TicketRules:
		body, ok := readDocument(hf, file, ps)
		if !ok {
			return
		}
		rules, probs := ParseRules(file, body)
		for _, p := range probs {
			ps.Add(p)
		}
		if probs == nil {
			s.Rules, s.RulesSource = rules, st.Path
			st.Records = len(rules)
		}
	}
	digest, n, err := hf.finish()
	if err != nil {
		ps.Add(&Problem{File: file, Msg: err.Error()})
		return
	}
	st.SHA256, st.Bytes, st.read = digest, n, true
	if st.Kind == TicketRules {
		s.RulesSHA256 = digest
	}
}

func readDocument(r io.Reader, file string, ps *Problems) ([]byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r, maxDocument+1))
	if err != nil {
		ps.Add(&Problem{File: file, Msg: err.Error()})
		return nil, false
	}
	if len(body) > maxDocument {
		ps.Add(&Problem{File: file, Msg: fmt.Sprintf("file is larger than %d MiB", maxDocument>>20)})
		return nil, false
	}
	return body, true
}

func (s *Set) inPeriods(t time.Time) bool {
	m := s.Manifest
	return m.Period.Contains(t) || (m.Baseline != nil && m.Baseline.Contains(t))
}

// AuthEvents streams every auth_events source in manifest order. A yielded
// problem does not stop the stream; the caller decides.
func (s *Set) AuthEvents() iter.Seq2[AuthEvent, *Problem] {
	return streamKind(s, AuthEvents, authEventDecoder(s.schemas), func(e *AuthEvent) time.Time { return e.Time })
}

// AccountEvents streams every account_events source in manifest order.
func (s *Set) AccountEvents() iter.Seq2[AccountEvent, *Problem] {
	return streamKind(s, AccountEvents, accountEventDecoder(s.schemas), func(e *AccountEvent) time.Time { return e.Time })
}

func streamKind[T any](s *Set, k Kind, dec lineDecoder[T], at func(*T) time.Time) iter.Seq2[T, *Problem] {
	return func(yield func(T, *Problem) bool) {
		var zero T
		for _, st := range s.Sources {
			if st.Kind != k {
				continue
			}
			file := s.Folder.Display(st.Path)
			hf, err := s.Folder.openSource(st.Path)
			if err != nil {
				if !yield(zero, &Problem{File: s.Folder.Display(ManifestName), Line: st.Line, Msg: err.Error()}) {
					return
				}
				continue
			}
			st.Records, st.Outside = 0, 0
			failed := false
			for rec, p := range streamJSONL(hf, file, dec) {
				if p != nil {
					failed = true
					if !yield(zero, p) {
						hf.Close()
						return
					}
					continue
				}
				st.Records++
				if !s.inPeriods(at(&rec)) {
					st.Outside++
				}
				if !yield(rec, nil) {
					hf.Close()
					return
				}
			}
			digest, n, err := hf.finish()
			hf.Close()
			if err != nil && !failed {
				if !yield(zero, &Problem{File: file, Msg: err.Error()}) {
					return
				}
				continue
			}
			st.SHA256, st.Bytes, st.read = digest, n, true
		}
	}
}

// Records returns how many valid records the sources of kind k held. For the
// streamed kinds it is known once they have been read.
func (s *Set) Records(k Kind) int {
	n := 0
	for _, st := range s.Sources {
		if st.Kind == k {
			n += st.Records
		}
	}
	return n
}
