package metrics_test

import (
	"math"
	"sort"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/metrics"
)

// ts parses a bare date (00:00:00Z) or an RFC 3339 date-time.
func ts(t testing.TB, s string) time.Time {
	t.Helper()
	layout := time.RFC3339Nano
	if len(s) == len(time.DateOnly) {
		layout = time.DateOnly
	}
	v, err := time.Parse(layout, s)
	if err != nil {
		t.Fatalf("bad time %q: %v", s, err)
	}
	return v.UTC()
}

func mustTime(s string) time.Time {
	layout := time.RFC3339Nano
	if len(s) == len(time.DateOnly) {
		layout = time.DateOnly
	}
	v, err := time.Parse(layout, s)
	if err != nil {
		panic(err)
	}
	return v.UTC()
}

func period(start, end string) evidence.Period {
	return evidence.Period{Start: mustTime(start), End: mustTime(end)}
}

// q3 is the assessment period used throughout: 2026-07-01..2026-09-30, 92 days.
// q2 is its baseline: 2026-04-01..2026-06-30, 91 days.
func q3() evidence.Period { return period("2026-07-01", "2026-09-30") }
func q2() *evidence.Period {
	p := period("2026-04-01", "2026-06-30")
	return &p
}

func f(v float64) *float64 { return &v }
func b(v bool) *bool       { return &v }
func s(v string) *string   { return &v }

// run feeds the streamed events and returns the results. hasAuth and hasAccount
// say whether the streamed kinds are present at all.
func run(in *metrics.Input, auth []evidence.AuthEvent, hasAuth bool, account []evidence.AccountEvent, hasAccount bool) *metrics.Results {
	a := metrics.New(in)
	for i := range auth {
		a.AuthEvent(&auth[i])
	}
	for i := range account {
		a.AccountEvent(&account[i])
	}
	a.Streamed(metrics.Streamed{AuthEvents: hasAuth, AccountEvents: hasAccount})
	return a.Results()
}

const eps = 1e-12

// wantNum checks a numeric metric's value and sample size.
func wantNum(t *testing.T, r *metrics.Results, name string, want float64, n int) {
	t.Helper()
	v, ok := r.Values[name]
	if !ok {
		t.Errorf("%s absent, want %v (n=%d)", name, want, n)
		return
	}
	if v.IsBool {
		t.Errorf("%s is a boolean (%v), want number %v", name, v.Bool, want)
		return
	}
	if math.Abs(v.Num-want) > eps || math.IsNaN(v.Num) {
		t.Errorf("%s = %v, want %v", name, v.Num, want)
	}
	if n >= 0 && v.N != n {
		t.Errorf("%s n = %d, want %d", name, v.N, n)
	}
}

func wantBool(t *testing.T, r *metrics.Results, name string, want bool) {
	t.Helper()
	v, ok := r.Values[name]
	if !ok {
		t.Errorf("%s absent, want %v", name, want)
		return
	}
	if !v.IsBool {
		t.Errorf("%s is a number (%v), want boolean %v", name, v.Num, want)
		return
	}
	if v.Bool != want {
		t.Errorf("%s = %v, want %v", name, v.Bool, want)
	}
}

func wantAbsent(t *testing.T, r *metrics.Results, names ...string) {
	t.Helper()
	for _, name := range names {
		if v, ok := r.Values[name]; ok {
			t.Errorf("%s = %+v, want absent", name, v)
		}
	}
}

func wantDetail(t *testing.T, r *metrics.Results, name, want string) {
	t.Helper()
	if got := r.Values[name].Detail; got != want {
		t.Errorf("%s detail = %q, want %q", name, got, want)
	}
}

// noNaN fails when any computed value is NaN or infinite.
func noNaN(t *testing.T, r *metrics.Results) {
	t.Helper()
	for name, v := range r.Values {
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			t.Errorf("%s = %v", name, v.Num)
		}
	}
	for name, v := range r.Segments {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("segment %s = %v", name, v)
		}
	}
}

func names(r *metrics.Results) []string {
	out := make([]string, 0, len(r.Values))
	for k := range r.Values {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// inScope returns n in-scope knowledge workers u-0000.. and no one else.
func inScope(n int) []evidence.Person {
	out := make([]evidence.Person, n)
	for i := range out {
		out[i] = evidence.Person{UserID: uid(i), Persona: "knowledge_worker", Employment: "employee", InScope: true}
	}
	return out
}

func uid(i int) string {
	const digits = "0123456789"
	return "u-" + string([]byte{digits[i/1000%10], digits[i/100%10], digits[i/10%10], digits[i%10]})
}
