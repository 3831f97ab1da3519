package evidence

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// Adapter reads one vendor export format (an Okta System Log, an Intune device
// export, a ServiceNow incident table, ...) into native records. Adapters live in
// sub-packages of evidence and are handed to Load in a Formats registry.
type Adapter interface {
	// Format is the manifest's format value, e.g. "okta-systemlog".
	Format() string
	// Kinds lists the evidence kinds the format can feed.
	Kinds() []Kind
	// Read decodes an export (already decompressed) as kind k, calling emit once
	// for every record, skipped record, problem or note. Reading stops when emit
	// returns false. A returned error is a problem with the file as a whole.
	Read(r io.Reader, k Kind, emit func(Item) bool) error
}

// Item is one thing an adapter found in an export.
type Item struct {
	// Line locates the item: the line (or a JSON array element's first line,
	// or a CSV row) where it starts; 0 when unknown.
	Line int
	// Record is the mapped record: a Device, Authenticator, AuthEvent,
	// AccountEvent or Ticket value, or a *PolicySet.
	Record any
	// Skip, when set, says the record is out of scope for kind k (an event type
	// the programme does not use, say); skips are counted under this label and
	// reported, never an error.
	Skip string
	// Problem, when set, says why a record cannot be mapped; Field names the
	// vendor field at fault.
	Problem string
	Field   string
	// Note is something a reader of the report should know about the whole
	// source, e.g. that an export carries no registration dates.
	Note string
	// Lacks names a fact the format cannot carry at all (LacksRecoveryStarted,
	// LacksRecoveryCompleted), so that the metrics built on it are left
	// absent rather than reported as zero.
	Lacks string
}

// ProblemAt is the item of a record that cannot be mapped: where it starts,
// the vendor field at fault and what is wrong, with what was wanted.
func ProblemAt(line int, field, msg string) Item {
	return Item{Line: line, Field: field, Problem: msg}
}

// The facts a vendor format may be unable to carry.
const (
	LacksRecoveryStarted   = "recovery_started"
	LacksRecoveryCompleted = "recovery_completed"
)

// Formats is a registry of vendor formats, by manifest name.
type Formats struct {
	byName map[string]Adapter
}

// NewFormats builds a registry; a later adapter with the same name replaces an
// earlier one.
func NewFormats(adapters ...Adapter) *Formats {
	f := &Formats{byName: map[string]Adapter{}}
	for _, a := range adapters {
		f.byName[a.Format()] = a
	}
	return f
}

// Lookup returns the adapter of a format.
func (f *Formats) Lookup(name string) (Adapter, bool) {
	if f == nil {
		return nil, false
	}
	a, ok := f.byName[name]
	return a, ok
}

// Names lists the registered formats, sorted.
func (f *Formats) Names() []string {
	if f == nil {
		return nil
	}
	names := make([]string, 0, len(f.byName))
	for n := range f.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// checkFormat says what is wrong with reading kind k in the named format.
func (f *Formats) checkFormat(k Kind, format string) string {
	if format == nativeFormat[k] {
		return ""
	}
	a, ok := f.Lookup(format)
	if !ok {
		want := append([]string{nativeFormat[k]}, f.formatsFor(k)...)
		return fmt.Sprintf("format %q cannot be read as %s (want one of: %s)", format, k, strings.Join(want, ", "))
	}
	if !slices.Contains(a.Kinds(), k) {
		kinds := make([]string, len(a.Kinds()))
		for i, x := range a.Kinds() {
			kinds[i] = string(x)
		}
		return fmt.Sprintf("format %q does not feed %s (it feeds: %s)", format, k, strings.Join(kinds, ", "))
	}
	return ""
}

func (f *Formats) formatsFor(k Kind) []string {
	var out []string
	for _, n := range f.Names() {
		if slices.Contains(f.byName[n].Kinds(), k) {
			out = append(out, n)
		}
	}
	return out
}
