package vendorio

import (
	"strconv"
	"strings"
)

// LeadingVersion returns the dotted numeric version a value starts with, when
// what follows it is a build note ("14.5 (23F79)", "17.5.1 21F90").
func LeadingVersion(s string) (string, bool) {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.') {
		end++
	}
	v := s[:end]
	if v == "" || strings.HasPrefix(v, ".") || strings.HasSuffix(v, ".") || strings.Contains(v, "..") {
		return "", false
	}
	if rest := s[end:]; rest != "" && rest[0] != ' ' && rest[0] != '(' {
		return "", false
	}
	return v, true
}

// MajorVersion is the first number of a dotted version, 0 when there is none.
func MajorVersion(version string) int {
	n, _ := strconv.Atoi(strings.SplitN(version, ".", 2)[0])
	return n
}
