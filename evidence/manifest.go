package evidence

import (
	"fmt"
	"time"

	"github.com/assure-dev/assure/internal/problem"
	"github.com/assure-dev/assure/internal/tomldoc"
	"github.com/assure-dev/assure/internal/tomlpos"
	"github.com/assure-dev/assure/schemas"
)

// ManifestName is the manifest's file name inside an evidence folder.
const ManifestName = "evidence.toml"

// Kind names a kind of evidence.
type Kind string

// The evidence kinds.
const (
	Population     Kind = "population"
	Devices        Kind = "devices"
	Authenticators Kind = "authenticators"
	AuthEvents     Kind = "auth_events"
	AccountEvents  Kind = "account_events"
	Tickets        Kind = "tickets"
	Policies       Kind = "policies"
	Governance     Kind = "governance"
	Attestations   Kind = "attestations"
	TicketRules    Kind = "ticket_rules"
	Identities     Kind = "identities"
)

// Kinds lists the kinds in the order reports show them. TicketRules and
// Identities come last: they tailor how other kinds are read and are not
// evidence that controls depend on.
var Kinds = []Kind{Population, Devices, Authenticators, AuthEvents, AccountEvents, Tickets, Policies, Governance, Attestations, TicketRules, Identities}

// EvidenceKinds are the kinds controls can depend on.
var EvidenceKinds = Kinds[:9]

// nativeFormat is the format each kind is written in natively.
var nativeFormat = map[Kind]string{
	Population: "csv", Devices: "csv", Authenticators: "csv", Tickets: "csv",
	AuthEvents: "jsonl", AccountEvents: "jsonl",
	Policies: "json", Governance: "toml", Attestations: "toml", TicketRules: "toml", Identities: "csv",
}

// Period is an inclusive range of UTC calendar days.
type Period struct {
	Start, End time.Time // 00:00:00Z of the first and of the last day
	endX       time.Time // 00:00:00Z of the day after, when made by NewPeriod
}

// NewPeriod returns the period from the first to the last day, inclusive.
func NewPeriod(start, end time.Time) Period {
	return Period{Start: start, End: end, endX: end.AddDate(0, 0, 1)}
}

// Contains reports whether t falls on one of the period's days. It runs for
// every streamed record, so the period's end is worked out once, in NewPeriod.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.EndExclusive())
}

// EndExclusive is 00:00:00Z of the day after the period.
func (p Period) EndExclusive() time.Time {
	if p.endX.IsZero() { // a Period written as a literal
		return p.End.AddDate(0, 0, 1)
	}
	return p.endX
}

// Days is the number of calendar days in the period.
func (p Period) Days() int { return int(p.EndExclusive().Sub(p.Start).Hours()/24 + 0.5) }

// Manifest is a parsed evidence.toml.
type Manifest struct {
	Organization string
	Period       Period
	Baseline     *Period
	SP80063B     string // "rev4" or "rev3"
	Sources      []Source
}

// Source is one file the manifest names.
type Source struct {
	Line        int // line of its [[source]] header in the manifest
	Kind        Kind
	Path        string
	Format      string
	System      string
	CollectedAt *time.Time
	// Delimiter separates the fields of a CSV source: ',' unless the
	// manifest declares ';' or '\t' (Excel in many locales).
	Delimiter rune
}

// delimiters are the values a source's delimiter key may take.
var delimiters = map[string]rune{",": ',', ";": ';', "\t": '\t'}

// ParseManifest parses and validates manifest text; file is how messages name it.
// formats lists the vendor formats a source may name besides the native ones.
func ParseManifest(file string, text []byte, formats *Formats) (*Manifest, []*problem.Problem) {
	doc, probs := tomldoc.Decode(file, text, "manifest")
	if probs != nil {
		return nil, probs
	}
	ix := tomlpos.New(string(text))
	m := &Manifest{SP80063B: "rev4"}
	m.Organization, _ = doc["organization"].(string)
	if v, ok := doc["sp800_63b_profile"].(string); ok {
		m.SP80063B = v
	}
	var out []*problem.Problem
	period := func(key string) *Period {
		raw, ok := doc[key].(map[string]any)
		if !ok {
			return nil
		}
		s, _ := schemas.ParseTime(raw["start"].(string))
		e, _ := schemas.ParseTime(raw["end"].(string))
		if e.Before(s) {
			out = append(out, &problem.Problem{File: file, Line: ix.Line([]string{key}), Where: key,
				Msg: fmt.Sprintf("end %s is before start %s", e.Format(time.DateOnly), s.Format(time.DateOnly))})
		}
		p := NewPeriod(s, e)
		return &p
	}
	if p := period("period"); p != nil {
		m.Period = *p
	}
	m.Baseline = period("baseline_period")
	if m.Baseline != nil && !m.Baseline.EndExclusive().After(m.Baseline.Start) {
		m.Baseline = nil
	}
	if m.Baseline != nil && m.Baseline.EndExclusive().After(m.Period.Start) {
		out = append(out, &problem.Problem{File: file, Line: ix.Line([]string{"baseline_period"}), Where: "baseline_period",
			Msg: "the baseline period must end before the assessment period starts"})
	}
	sources, _ := doc["source"].([]any)
	for i, raw := range sources {
		s := raw.(map[string]any)
		line := ix.Line([]string{"source", fmt.Sprint(i)})
		src := Source{Line: line, Kind: Kind(s["kind"].(string)), Path: s["path"].(string)}
		src.Format, _ = s["format"].(string)
		src.System, _ = s["system"].(string)
		if v, ok := s["collected_at"].(string); ok {
			t, _ := schemas.ParseTime(v)
			src.CollectedAt = &t
		}
		if src.Format == "" {
			src.Format = nativeFormat[src.Kind]
		}
		src.Delimiter = ','
		if d, ok := s["delimiter"].(string); ok {
			src.Delimiter = delimiters[d]
			if f := nativeFormat[src.Kind]; src.Format == f && f != "csv" {
				out = append(out, &problem.Problem{File: file, Line: ix.Line([]string{"source", fmt.Sprint(i), "delimiter"}), Where: fmt.Sprintf("source[%d].delimiter", i),
					Msg: fmt.Sprintf("a %s source has no delimiter; want the key only on CSV sources: remove it", f)})
			}
		}
		if msg := formats.checkFormat(src.Kind, src.Format); msg != "" {
			out = append(out, &problem.Problem{File: file, Line: ix.Line([]string{"source", fmt.Sprint(i), "format"}), Where: fmt.Sprintf("source[%d].format", i), Msg: msg})
		}
		if msg := checkPath(src.Path); msg != "" {
			out = append(out, &problem.Problem{File: file, Line: ix.Line([]string{"source", fmt.Sprint(i), "path"}), Where: fmt.Sprintf("source[%d].path", i), Msg: msg})
		}
		m.Sources = append(m.Sources, src)
	}
	if len(out) > 0 {
		return nil, out
	}
	return m, nil
}
