package vendorio

import (
	"strings"
	"time"
)

// ParseTime reads a vendor date-time in the first of layouts that fits, after
// trimming surrounding space. A layout without a zone reads the time as UTC,
// and the result is always in UTC. Adapters normalise further (case, inner
// spaces, a vendor's spelling of a month) before calling it when their
// exports need it.
func ParseTime(s string, layouts []string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
