package evidence

import (
	"fmt"
	"slices"

	"github.com/assure-dev/assure/internal/redact"
)

// A source's skipped records are counted by label (Item.Skip): the vendor's
// event type, activity, category or OS name. Those labels reach report.json,
// validate, the PDF appendix and OSCAL, so every one goes through here, where
// they are counted, and no adapter can bypass it: a label is shown only when
// it is a vocabulary word of bounded length that looks like no personal data
// (redact.Label), and a source shows at most MaxSkipLabels of them. The
// records of the others are counted together under one of the labels below.
// docs/decisions.md, "Personal data in labels and messages".

// MaxSkipLabels is how many distinct labels a source's skipped records are
// counted under; the records of any further label count as SkipOther or
// NotOfKindOther. A vendor format uses fewer (15 at most in the fixtures),
// while an export whose activity names carry free text could otherwise give
// one label per record.
const MaxSkipLabels = 20

// The labels skipped records are counted under when their own is not shown:
// withheld because it is not a vocabulary word (free text, personal data,
// control characters, longer than redact.MaxLabelLength), or beyond
// MaxSkipLabels. Records not of the source's kind have their own two.
const (
	SkipWithheld      = "other reasons, not shown (free text or personal data)"
	SkipOther         = "other reasons"
	NotOfKindWithheld = "other record types, not shown (free text or personal data)"
	NotOfKindOther    = "other record types"
)

// otherLabels are the labels that count records under no label of their own.
var otherLabels = []string{SkipWithheld, SkipOther, NotOfKindWithheld, NotOfKindOther}

// MaxNotes is how many notes a source carries, and MaxNoteLength how many
// runes each may have. Notes are the adapters' own sentences, at most a
// dozen per format; the bounds keep a bug or a value pasted into one from
// reaching the report unbounded.
const (
	MaxNotes      = 20
	MaxNoteLength = 2000
)

// skip counts a skipped record under its label, or under the label that
// stands for it when its own is not shown.
func (st *SourceStats) skip(label string, notOfKind bool) {
	withheld, other := SkipWithheld, SkipOther
	if notOfKind {
		withheld, other = NotOfKindWithheld, NotOfKindOther
	}
	key := label
	if _, counted := st.Skipped[label]; !counted {
		// a label counted before is a key already, as Label gave it (Label
		// gives its own output back); only a new one needs judging
		var ok bool
		key, ok = redact.Label(label)
		switch {
		case !ok:
			key = withheld
		case slices.Contains(otherLabels, key):
		case st.Skipped[key] == 0 && st.labels() >= MaxSkipLabels:
			key = other
		}
	}
	if st.Skipped == nil {
		st.Skipped = map[string]int{}
	}
	st.Skipped[key]++
	if notOfKind {
		if st.NotOfKind == nil {
			st.NotOfKind = map[string]bool{}
		}
		st.NotOfKind[key] = true
	}
}

// labels counts the distinct labels of Skipped that are shown.
func (st *SourceStats) labels() int {
	n := len(st.Skipped)
	for _, k := range otherLabels {
		if _, ok := st.Skipped[k]; ok {
			n--
		}
	}
	return n
}

// note records something a reader should know about the source, once,
// made safe to show (redact.Sentence) and within MaxNotes.
func (st *SourceStats) note(n string) {
	n = redact.Sentence(n, MaxNoteLength)
	switch {
	case slices.Contains(st.Notes, n):
	case len(st.Notes) < MaxNotes:
		st.Notes = append(st.Notes, n)
	case len(st.Notes) == MaxNotes:
		st.Notes = append(st.Notes, fmt.Sprintf("further notes were left out: a source shows at most %d", MaxNotes))
	}
}
