package controls

import (
	"strings"
	"testing"
)

func TestWeakJoinMakesCombinedControlsInsufficient(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		evidence []string
		joins    Joins
		want     string
	}{
		{"single kind is never a join", []string{"auth_events"}, Joins{"auth_events": 0.2}, ""},
		{"joined well enough", []string{"population", "authenticators"}, Joins{"authenticators": 0.9}, ""},
		{"below 90 %", []string{"population", "authenticators"}, Joins{"authenticators": 0.72}, "only 72.0 % of authenticators records matched a person"},
		{"unmeasured kinds pass", []string{"tickets", "population"}, Joins{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := weakJoin(&Control{Evidence: c.evidence}, c.joins)
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("weakJoin = %q, want %q", got, c.want)
			}
		})
	}
}
