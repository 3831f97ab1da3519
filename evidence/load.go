package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/tomldoc"
	"github.com/assure-dev/assure/internal/tomlpos"
	"github.com/assure-dev/assure/schemas"
)

// SourceStats describes one source once read: how much it held and its digest.
type SourceStats struct {
	Source
	SHA256  string
	Bytes   int64
	Records int
	Outside int               // records whose time lies outside both periods
	Skipped map[string]int    // vendor records out of scope, by label (event type), as labels.go lets them be shown
	Lacks   map[string]string // facts the source's format cannot carry, with why and the fix
	// Repeats counts the records dropped because a record with the same id
	// had been read already, on another page of this source or in an
	// earlier source of the same kind; Conflicts, those of them that
	// differed from the record first read with their id (which was kept).
	// Keyed says some record of the source carried an id, so that repeats
	// could be found at all: a record without an id is never deduplicated.
	Repeats, Conflicts int
	Keyed              bool
	// unreadable marks a streamed source that could not be opened; Load
	// reported it already.
	unreadable bool
	Notes      []string // what a reader should know about this source
	read       bool

	// NotOfKind marks the labels of Skipped whose records are not of the
	// source's kind at all (Item.NotOfKind): validate leaves them out of
	// the skipped share.
	NotOfKind map[string]bool
	seen      int // items read, for progress reports
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
	Attestations   []Attestation
	Rules          []Rule
	RulesSource    string // "built-in" or the rules file's path
	RulesSHA256    string

	Sources []*SourceStats // one per manifest source, in manifest order
	// Join holds, per kind that names people, how many of its records matched
	// the population; nil without population records.
	Join map[Kind]*JoinStats

	schemas *schemas.Set
	formats *Formats
	aliases map[string]string // normalised alternate id → user id
	people  map[string]bool   // normalised user ids of the population
	days    map[Kind][]int    // per kind, the records on each day of the period
	ids     map[Kind]*idSet   // the ids read so far, per kind being read (repeats.go)
	// attested holds where each statement was attested on each day, across
	// every attestations source: two answers the same day are an error.
	attested map[string]attestedAt
}

// attestedAt is where an attestation was read.
type attestedAt struct {
	file string
	line int
}

// singular kinds describe one thing (a policy baseline, a governance record, a
// rule set); merging two of them has no sensible meaning.
var singular = map[Kind]bool{Policies: true, Governance: true, TicketRules: true}

// What names the evidence in a message about it as a whole ("the evidence is
// invalid").
const What = "the evidence"

// streamed kinds are read through iterators, never loaded whole.
func streamed(k Kind) bool { return k == AuthEvents || k == AccountEvents }

// Load reads the manifest and every non-streamed source of the folder, and checks
// that the streamed sources can be opened. Every problem found is returned
// together in a *problem.Invalid; the Set is still returned when the manifest
// itself was valid, so that the streamed sources can be checked too.
// formats lists the vendor formats sources may use; nil allows native ones only.
func Load(f *Folder, formats *Formats) (*Set, error) {
	set, err := schemas.Compiled()
	if err != nil {
		return nil, err
	}
	text, err := f.ReadFile(ManifestName)
	if err != nil {
		return nil, &problem.Problem{File: f.Display(ManifestName), Msg: err.Error() + "; an evidence folder needs an evidence.toml manifest (assure init writes an example)"}
	}
	mfile := f.Display(ManifestName)
	m, probs := ParseManifest(mfile, text, formats)
	if probs != nil {
		return nil, &problem.Invalid{Input: What, Problems: probs}
	}
	sum := sha256.Sum256(text)
	s := &Set{Folder: f, Manifest: m, ManifestSHA256: hex.EncodeToString(sum[:]), schemas: set, formats: formats,
		RulesSource: "built-in", aliases: map[string]string{}}
	ps := problem.List{Input: What}
	count := map[Kind]int{}
	for i := range m.Sources {
		src := m.Sources[i]
		st := &SourceStats{Source: src}
		s.Sources = append(s.Sources, st)
		count[src.Kind]++
		if singular[src.Kind] && count[src.Kind] > 1 {
			ps.Add(&problem.Problem{File: mfile, Line: src.Line, Msg: fmt.Sprintf("a second %s source; this kind may appear once", src.Kind)})
			continue
		}
		if streamed(src.Kind) {
			hf, p := s.open(st)
			if p != nil {
				ps.Add(p)
				st.unreadable = true // reported once, here; streaming skips it
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
			return nil, &problem.Invalid{Input: What, Problems: probs}
		}
		s.Rules = rules
		digest := sha256.Sum256(builtinRules)
		s.RulesSHA256 = hex.EncodeToString(digest[:])
	}
	s.ids = nil // the in-memory kinds are read: their ids are no longer needed
	s.normaliseIdentities()
	Classify(s.Tickets, s.Rules)
	return s, ps.Err()
}

func (s *Set) loadSource(st *SourceStats, ps *problem.List) {
	f := s.Folder
	file := f.Display(st.Path)
	hf, p := s.open(st)
	if p != nil {
		ps.Add(p)
		return
	}
	defer hf.Close()
	var err error
	if a, ok := s.formats.Lookup(st.Format); ok && st.Format != nativeFormat[st.Kind] {
		err = a.Read(hf, st.Kind, func(it Item) bool {
			rec, p := s.accept(st, file, it)
			if p != nil {
				ps.Add(p)
				return !ps.Full()
			}
			if rec != nil {
				s.keep(st, rec, it.ID, it.Parts)
			}
			return true
		})
		if err != nil {
			ps.Add(sourceProblem(file, err))
			return
		}
		s.finishSource(st, hf, file, ps)
		return
	}
	switch st.Kind {
	case Population, Devices, Authenticators, Tickets, Identities:
		err = readCSV(hf, file, st.Kind, s.schemas, ps, func(line int, row map[string]any) {
			s.tick(st)
			switch st.Kind {
			case Population:
				st.Records++
				s.People = append(s.People, personFrom(row))
			case Devices:
				s.keep(st, deviceFrom(row), "", nil)
			case Authenticators:
				s.keep(st, authenticatorFrom(row), "", nil)
			case Tickets:
				t := ticketFrom(row)
				if !t.ResolvedAt.IsZero() && t.ResolvedAt.Before(t.OpenedAt) {
					ps.Add(&problem.Problem{File: file, Line: line, Where: `column "resolved_at"`,
						Msg: fmt.Sprintf("%s is before opened_at %s; want a resolution after the ticket was opened", t.ResolvedAt.Format(time.RFC3339), t.OpenedAt.Format(time.RFC3339))})
					return
				}
				s.keep(st, t, "", nil)
			case Identities:
				st.Records++
				s.aliases[NormaliseID(str(row, "alternate_id"))] = NormaliseID(str(row, "user_id"))
			}
		})
		if err != nil {
			ps.Add(&problem.Problem{File: file, Msg: err.Error()})
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
			ps.Add(&problem.Problem{File: file, Msg: err.Error()})
			return
		}
		for _, x := range vs {
			ps.Add(&problem.Problem{File: file, Line: pointerLine(body, x.Tokens), Where: x.Pointer, Msg: x.Message})
		}
		if len(vs) == 0 {
			p := policiesFrom(v.(map[string]any))
			s.Policies = &p
			st.Records = 1 + len(p.Apps)
		}
	case Governance:
		if doc := readTOML(hf, file, Governance, ps); doc != nil {
			g := governanceFrom(doc)
			s.Governance = &g
			st.Records = 1
		}
	case Attestations:
		body, ok := readDocument(hf, file, ps)
		if !ok || len(body) == 0 {
			break
		}
		doc, probs := tomldoc.Decode(file, body, string(Attestations))
		for _, p := range probs {
			ps.Add(p)
		}
		ix := tomlpos.New(string(body))
		if s.attested == nil {
			s.attested = map[string]attestedAt{}
		}
		list, _ := doc["attestation"].([]any)
		for i, raw := range list {
			m := raw.(map[string]any)
			a := Attestation{Statement: str(m, "statement"), Answer: boolean(m, "answer"),
				AttestedBy: str(m, "attested_by"), AttestedAt: when(m, "attested_at"), Reference: str(m, "reference"), Expires: when(m, "expires")}
			if st.CollectedAt != nil {
				a.CollectedAt = *st.CollectedAt
			}
			line := ix.Line([]string{"attestation", fmt.Sprint(i)})
			// Two answers to one statement on one day leave nothing to tell
			// which holds: the file must say.
			key := a.Statement + "|" + a.AttestedAt.Format(time.DateOnly)
			if f, dup := s.attested[key]; dup {
				where := fmt.Sprintf("line %d", f.line)
				if f.file != file {
					where = fmt.Sprintf("%s:%d", f.file, f.line)
				}
				ps.Add(&problem.Problem{File: file, Line: line, Where: "statement",
					Msg: fmt.Sprintf("a second attestation of %q made on %s (the first is at %s); want one attestation of a statement a day: remove one, or date them apart", a.Statement, a.AttestedAt.Format(time.DateOnly), where)})
				continue
			}
			s.attested[key] = attestedAt{file, line}
			s.Attestations = append(s.Attestations, a)
			st.Records++
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
	s.finishSource(st, hf, file, ps)
}

// open opens a source and checks that its content is what its format reads:
// text (not a ZIP archive, not UTF-16) and, for CSV, fields separated by the
// delimiter the manifest declares. A path that cannot be opened is a problem
// at the source's line of the manifest; content of the wrong shape, a problem
// at line 1 of the file.
func (s *Set) open(st *SourceStats) (*hashedFile, *problem.Problem) {
	hf, err := s.Folder.openSource(st.Path)
	if err != nil {
		if p, ok := err.(*problem.Problem); ok {
			return nil, p
		}
		return nil, &problem.Problem{File: s.Folder.Display(ManifestName), Line: st.Line, Where: fmt.Sprintf("source %q", st.Path), Msg: err.Error()}
	}
	if f := nativeFormat[st.Kind]; st.Format != f || f == "csv" {
		if msg := delimiterMismatch(hf.start(), st.Delimiter); msg != "" {
			hf.Close()
			return nil, &problem.Problem{File: s.Folder.Display(st.Path), Line: 1, Msg: msg}
		}
	}
	return hf, nil
}

// finishSource reads what is left of a source so its digest covers the whole file.
func (s *Set) finishSource(st *SourceStats, hf *hashedFile, file string, ps *problem.List) {
	digest, n, err := hf.finish()
	if err != nil {
		ps.Add(&problem.Problem{File: file, Msg: err.Error()})
		return
	}
	st.SHA256, st.Bytes, st.read = digest, n, true
	st.noteRepeats()
	if st.Kind == TicketRules {
		s.RulesSHA256 = digest
	}
}

// accept turns an adapter's item into a checked record, a counted skip, a note,
// or a located problem.
func (s *Set) accept(st *SourceStats, file string, it Item) (any, *problem.Problem) {
	s.tick(st)
	switch {
	case it.Problem != "":
		return nil, &problem.Problem{File: file, Line: it.Line, Where: it.Field, Msg: it.Problem}
	case it.Skip != "":
		if s.repeat(st, nil, it.ID, nil) {
			return nil, nil // a repeated record is not skipped twice
		}
		st.skip(it.Skip, it.NotOfKind) // labels.go: what of the label may be shown
		return nil, nil
	case it.Note != "":
		st.note(it.Note)
		return nil, nil
	case it.Lacks != "":
		if st.Lacks == nil {
			st.Lacks = map[string]string{}
		}
		st.Lacks[it.Lacks] = it.Why
		return nil, nil
	}
	if !holds(st.Kind, it.Record) {
		return nil, &problem.Problem{File: file, Line: it.Line, Msg: fmt.Sprintf("the %s adapter produced a %T for kind %s; this is a bug in the adapter", st.Format, it.Record, st.Kind)}
	}
	if field, msg := checkRecord(it.Record); msg != "" {
		return nil, &problem.Problem{File: file, Line: it.Line, Where: field, Msg: "mapped record: " + msg}
	}
	return it.Record, nil
}

// keep stores a record of an in-memory kind and counts it, unless it repeats
// one already read (id and parts as for Set.repeat).
func (s *Set) keep(st *SourceStats, rec any, id string, parts []string) {
	if s.repeat(st, rec, id, parts) {
		return
	}
	st.Records++
	switch r := rec.(type) {
	case Device:
		s.Devices = append(s.Devices, r)
	case Authenticator:
		s.Authenticators = append(s.Authenticators, r)
	case Ticket:
		if !s.inPeriods(r.OpenedAt) {
			st.Outside++
		}
		s.dayOf(Tickets, r.OpenedAt)
		s.Tickets = append(s.Tickets, r)
	case *PolicySet:
		s.Policies = r
		st.Records += len(r.Apps) // the baseline and each application, as for native files
	}
}

// sourceProblem locates what ended the reading of a source: a located
// problem (a line over the limit, an adapter's), a damaged gzip stream or
// another failure to read, at the line reached when that is known.
func sourceProblem(file string, err error) *problem.Problem {
	var p *problem.Problem
	if errors.As(err, &p) {
		q := *p
		if q.File == "" {
			q.File = file
		}
		return &q
	}
	line, msg := 0, err.Error()
	var re *vendorio.ReadError
	if errors.As(err, &re) {
		line, msg = re.Line, "cannot read: "+re.Err.Error()
	}
	var gz *gzipError
	if errors.As(err, &gz) {
		msg = gz.Error()
	}
	return &problem.Problem{File: file, Line: line, Msg: msg}
}

// readTOML reads a TOML kind whole and checks it against the kind's schema:
// the document, or nil when the file is empty or has problems (added to ps).
func readTOML(r io.Reader, file string, k Kind, ps *problem.List) map[string]any {
	body, ok := readDocument(r, file, ps)
	if !ok || len(body) == 0 {
		return nil
	}
	doc, probs := tomldoc.Decode(file, body, string(k))
	for _, p := range probs {
		ps.Add(p)
	}
	return doc
}

func readDocument(r io.Reader, file string, ps *problem.List) ([]byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r, maxDocument+1))
	if err != nil {
		ps.Add(&problem.Problem{File: file, Msg: err.Error()})
		return nil, false
	}
	if len(body) > maxDocument {
		ps.Add(&problem.Problem{File: file, Msg: fmt.Sprintf("file is larger than %d MiB", maxDocument>>20)})
		return nil, false
	}
	return body, true
}

func (s *Set) inPeriods(t time.Time) bool {
	m := s.Manifest
	return m.Period.Contains(t) || (m.Baseline != nil && m.Baseline.Contains(t))
}

// Lacks reports whether every source of kind k says its format cannot carry
// fact; one source that can is enough for the fact to be known.
func (s *Set) Lacks(k Kind, fact string) bool {
	seen := false
	for _, st := range s.Sources {
		if st.Kind != k {
			continue
		}
		if _, lacks := st.Lacks[fact]; !lacks {
			return false
		}
		seen = true
	}
	return seen
}

// LackWhy says why the sources of kind k cannot carry fact and how to supply
// it, in the words of their formats, or "" when one of them can.
func (s *Set) LackWhy(k Kind, fact string) string {
	if !s.Lacks(k, fact) {
		return ""
	}
	var why []string
	for _, st := range s.Sources {
		if w := st.Lacks[fact]; st.Kind == k && w != "" && !slices.Contains(why, w) {
			why = append(why, w)
		}
	}
	return strings.Join(why, "; ")
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
