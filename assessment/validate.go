package assessment

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/assure-dev/assure/controls"
	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
)

// Validation is what validating a folder tells before assess does: per source
// how many records were read and which were left out and why, per kind how its
// records joined the population, per log kind how many days of the period it
// covers, and a warning wherever a source falls short of the rules assess
// applies. Warnings do not make the evidence invalid. Its JSON encoding is
// `assure validate --format json` (schema: `assure schema validation`).
type Validation struct {
	Folder   string          `json:"folder"`
	Valid    bool            `json:"valid"`
	Records  int             `json:"records"`
	Sources  []SourceCheck   `json:"sources"`
	Joins    []JoinCheck     `json:"identity_join"`
	Coverage []CoverageCheck `json:"coverage"`
	Warnings []Warning       `json:"warnings"`
	// Rules are the thresholds the warnings apply.
	Rules Rules `json:"rules"`

	Set *evidence.Set `json:"-"`
}

// SourceCheck is one manifest source once read.
type SourceCheck struct {
	Path    string `json:"path"`
	Kind    string `json:"kind"`
	Format  string `json:"format"`
	Bytes   int64  `json:"bytes"`
	Records int    `json:"records"` // kept
	Outside int    `json:"records_outside_period"`
	// Skipped are the records of the source's kind left out, by reason, most
	// first; NotOfKind the records of another kind or of none (an event
	// type, class or log category the kind does not read).
	Skipped      []Count `json:"skipped"`
	NotOfKind    []Count `json:"not_of_kind"`
	SkippedShare float64 `json:"skipped_share"` // of Records plus Skipped
	// Repeats counts the records dropped as repeats of an earlier record of
	// the same kind (the same Okta uuid, Graph id, ticket number).
	Repeats int `json:"repeats"`
}

// Count is a number of records left out for one reason.
type Count struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// JoinCheck is how many of a kind's records named a person and matched the
// population.
type JoinCheck struct {
	Kind    string  `json:"kind"`
	Records int     `json:"records"`
	Joined  int     `json:"joined"`
	Share   float64 `json:"share"`
}

// CoverageCheck is how many days of the assessment period a log kind has a
// record on.
type CoverageCheck struct {
	Kind    string  `json:"kind"`
	Days    int     `json:"days"`
	Covered int     `json:"covered"`
	Share   float64 `json:"share"`
}

// Warning is a source or kind that falls short of a rule assess applies.
type Warning struct {
	Rule    string `json:"rule"` // skipped, join, coverage, stale or attestation
	Kind    string `json:"kind"`
	Source  string `json:"source,omitempty"` // the path, for a source's warning
	Message string `json:"message"`
}

// Rules are the thresholds of the warnings.
type Rules struct {
	MaxSkipped float64 `json:"max_skipped_share"`
	MinJoin    float64 `json:"min_join_share"`
	// A log must have a record in every window of CoverageWindowDays, and
	// its longest run of empty days must be one chance leaves at least
	// MaxGapOdds of the time (evidence.CoverageShortfall).
	CoverageWindowDays int     `json:"coverage_window_days"`
	MaxGapOdds         float64 `json:"max_gap_odds"`
	MaxEvidenceAgeDays int     `json:"max_evidence_age_days"`
}

// Validate reads and validates every source of the folder without assessing
// it. Invalid evidence gives a *problem.Invalid listing every problem found;
// valid evidence, what validate reports of it.
func Validate(f *evidence.Folder, formats *evidence.Formats) (*Validation, error) {
	set, _, err := read(f, formats, false)
	if err != nil {
		return nil, err
	}
	return check(f.Name(), set, controls.DefaultProfile()), nil
}

func check(folder string, set *evidence.Set, prof *controls.Profile) *Validation {
	v := &Validation{Folder: folder, Valid: true, Set: set, Sources: []SourceCheck{}, Joins: []JoinCheck{}, Coverage: []CoverageCheck{}, Warnings: []Warning{},
		Rules: Rules{MaxSkipped: evidence.MaxSkipped, MinJoin: controls.MinJoinShare, CoverageWindowDays: evidence.CoverageWindow, MaxGapOdds: evidence.MaxGapOdds, MaxEvidenceAgeDays: prof.MaxEvidenceAgeDays}}
	for _, st := range set.Sources {
		sc := SourceCheck{Path: st.Path, Kind: string(st.Kind), Format: st.Format, Bytes: st.Bytes, Records: st.Records, Outside: st.Outside,
			Skipped: []Count{}, NotOfKind: []Count{}, Repeats: st.Repeats}
		skipped := 0
		for reason, n := range st.Skipped {
			if st.NotOfKind[reason] {
				sc.NotOfKind = append(sc.NotOfKind, Count{reason, n})
				continue
			}
			sc.Skipped = append(sc.Skipped, Count{reason, n})
			skipped += n
		}
		mostFirst(sc.Skipped)
		mostFirst(sc.NotOfKind)
		if read := st.Records + skipped; read > 0 {
			sc.SkippedShare = float64(skipped) / float64(read)
		}
		if sc.SkippedShare > evidence.MaxSkipped {
			most := sc.Skipped[0]
			v.Warnings = append(v.Warnings, Warning{Rule: "skipped", Kind: sc.Kind, Source: sc.Path,
				Message: fmt.Sprintf("%s as %s: %s of its records were skipped (%s of %s; most: %s %s); more than %s usually means a column or field that is not read, or an export of the wrong scope: check the reasons",
					sc.Path, sc.Kind, present.Format(sc.SkippedShare, present.Share), present.Thousands(skipped), present.Thousands(st.Records+skipped),
					present.Thousands(most.Count), most.Reason, present.Format(evidence.MaxSkipped, present.Share))})
		}
		v.Records += st.Records
		v.Sources = append(v.Sources, sc)
	}
	for _, k := range evidence.Kinds {
		j := set.Join[k]
		if j == nil || j.Records == 0 {
			continue
		}
		v.Joins = append(v.Joins, JoinCheck{Kind: string(k), Records: j.Records, Joined: j.Joined, Share: j.Share()})
		if j.Share() < controls.MinJoinShare {
			v.Warnings = append(v.Warnings, Warning{Rule: "join", Kind: string(k),
				Message: fmt.Sprintf("%s: only %s of its records matched a person in the population (%s of %s); controls that combine it with another kind need at least %s and are insufficient_evidence until then: map alternate ids (logins, UPNs, e-mail aliases) to population user ids in an identities source",
					k, present.Format(j.Share(), present.Share), present.Thousands(j.Joined), present.Thousands(j.Records), present.Format(controls.MinJoinShare, present.Share))})
		}
	}
	fit := fitness(set, prof)
	for _, k := range evidence.LogKinds {
		if set.Records(k) == 0 {
			continue
		}
		v.Coverage = append(v.Coverage, CoverageCheck{Kind: string(k), Days: set.Manifest.Period.Days(), Covered: set.CoveredDays(k), Share: set.Coverage(k)})
	}
	for _, k := range evidence.EvidenceKinds {
		why, unfit := fit.Unfit[string(k)]
		if !unfit {
			continue
		}
		rule := "coverage"
		if strings.HasPrefix(why, "is stale") {
			rule = "stale"
		}
		v.Warnings = append(v.Warnings, Warning{Rule: rule, Kind: string(k),
			Message: fmt.Sprintf("%s %s; assess makes the controls that use it insufficient_evidence", k, why)})
	}
	for _, a := range set.Attestations {
		if !a.CollectedAt.IsZero() && a.AttestedAt.After(a.CollectedAt) {
			v.Warnings = append(v.Warnings, Warning{Rule: "attestation", Kind: string(evidence.Attestations),
				Message: fmt.Sprintf("the attestation of %s made on %s is dated after its file was collected (%s) and does not count; its control is insufficient_evidence",
					a.Statement, a.AttestedAt.Format(time.DateOnly), a.CollectedAt.Format(time.DateOnly))})
		}
	}
	return v
}

func mostFirst(cs []Count) {
	slices.SortFunc(cs, func(a, b Count) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Reason, b.Reason)
	})
}
