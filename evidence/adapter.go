package evidence

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// Adapter is one vendor export format (an Okta System Log, an Intune device
// export, a ServiceNow incident table, ...): its manifest name, the kinds it
// feeds, the note its sources carry and the function that decodes it into
// native records. Adapters are built in sub-packages of evidence and handed to
// Load in a Formats registry; Read does what every format shares.
type Adapter struct {
	// Format is the manifest's format value, e.g. "okta-systemlog".
	Format string
	// Kinds lists the evidence kinds the format can feed.
	Kinds []Kind
	// Note, when set, is what a reader of the report should know about
	// every source in the format (how its values are read, what it cannot
	// tell). Read emits it once per source, before the first item the
	// source gives, so an empty export carries none.
	Note string
	// Decode decodes an export (already decompressed) as kind k, one of
	// Kinds, calling emit once for every record, skipped record, problem or
	// note. Decoding stops when emit returns false. A returned error is a
	// problem with the file as a whole, located with a *problem.Problem
	// where possible.
	Decode func(r io.Reader, k Kind, emit func(Item) bool) error
}

// Read reads an export in the format as kind k: a kind the format does not
// feed is an error (the manifest check normally prevents it), then Decode
// runs, with the format's note before its first item.
func (a Adapter) Read(r io.Reader, k Kind, emit func(Item) bool) error {
	if msg := a.cannotFeed(k); msg != "" {
		return errors.New(msg)
	}
	if a.Note != "" {
		next, noted := emit, false
		emit = func(it Item) bool {
			if !noted {
				noted = true
				if !next(Item{Note: a.Note}) {
					return false
				}
			}
			return next(it)
		}
	}
	return a.Decode(r, k, emit)
}

// cannotFeed says why the format cannot be read as kind k, or "".
func (a Adapter) cannotFeed(k Kind) string {
	if slices.Contains(a.Kinds, k) {
		return ""
	}
	kinds := make([]string, len(a.Kinds))
	for i, x := range a.Kinds {
		kinds[i] = string(x)
	}
	return fmt.Sprintf("format %q does not feed %s (it feeds: %s)", a.Format, k, strings.Join(kinds, ", "))
}

// Item is one thing an adapter found in an export.
type Item struct {
	// Line locates the item: the line (or a JSON array element's first line,
	// or a CSV row) where it starts; 0 when unknown.
	Line int
	// Record is the mapped record: a Device, Authenticator, AuthEvent,
	// AccountEvent or Ticket value, or a *PolicySet.
	Record any
	// Skip, when set, says the record is not counted as one of kind k (an
	// event type the programme does not use, a guest's sign-in); skips are
	// counted under this label and reported, never an error.
	Skip string
	// NotOfKind, with Skip, says the record is not one of kind k at all:
	// another kind's event type, a class or log category the kind does not
	// read, or a step of a record counted elsewhere (an interrupted sign-in
	// that continues as a new record), as a full export holds many of. Such
	// skips are counted like any other, but validate leaves them out of the
	// share of a source's records that were skipped, which warns of a column
	// or field that is not read.
	NotOfKind bool
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
	// Why says, for Lacks, what the export cannot show and how to supply it;
	// it becomes the reason of the metrics and controls that needed it.
	Why string
	// ID is the vendor's id of the record or skipped record (Okta uuid,
	// Graph id, ServiceNow number, Jira key, OCSF metadata.uid), when the
	// record itself does not carry it (AuthEvent.EventID, AccountEvent.EventID,
	// Ticket.ID, Device.DeviceID and Authenticator.ID do). A record whose
	// kind and id were read before — on another page, in an earlier source
	// of the same kind — is a repeat: it is dropped and counted on its
	// source. A record without an id is never deduplicated.
	ID string
	// Parts, for a record assembled from several vendor records (an Okta
	// sign-in from its factor verifications and session start), are their
	// ids: the record is a repeat when one of them was read before, and
	// every part read before counts as a repeat.
	Parts []string
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
	// LacksRegistrationDates: the authenticators come from a snapshot that
	// says who holds what, not since when.
	LacksRegistrationDates = "registration_dates"
)

// Formats is a registry of vendor formats, by manifest name.
type Formats struct {
	byName map[string]Adapter
}

// NewFormats builds a registry. Two adapters with the same format name are a
// programming error: NewFormats panics rather than let one hide the other.
func NewFormats(adapters ...Adapter) *Formats {
	f := &Formats{byName: map[string]Adapter{}}
	for _, a := range adapters {
		if a.Format == "" || a.Decode == nil || len(a.Kinds) == 0 {
			panic(fmt.Sprintf("evidence.NewFormats: adapter %q needs a format name, kinds and a decode function", a.Format))
		}
		if _, dup := f.byName[a.Format]; dup {
			panic(fmt.Sprintf("evidence.NewFormats: format %q registered twice", a.Format))
		}
		f.byName[a.Format] = a
	}
	return f
}

// Lookup returns the adapter of a format.
func (f *Formats) Lookup(name string) (Adapter, bool) {
	if f == nil {
		return Adapter{}, false
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
	return a.cannotFeed(k)
}

func (f *Formats) formatsFor(k Kind) []string {
	var out []string
	for _, n := range f.Names() {
		if slices.Contains(f.byName[n].Kinds, k) {
			out = append(out, n)
		}
	}
	return out
}
