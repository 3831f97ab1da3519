package evidence

import (
	"strings"
)

// JoinStats says how many records of a kind named a person, and how many of
// those matched someone in the population once identifiers were normalised.
type JoinStats struct {
	Records int
	Joined  int
}

// Share is the joined share; 1 when no record named a person.
func (j *JoinStats) Share() float64 {
	if j.Records == 0 {
		return 1
	}
	return float64(j.Joined) / float64(j.Records)
}

// NormaliseID is how identifiers are compared across systems: without case and
// surrounding spaces.
func NormaliseID(id string) string { return strings.ToLower(strings.TrimSpace(id)) }

// person maps an identifier from any source to the population's user id.
func (s *Set) person(id string) string {
	n := NormaliseID(id)
	if u, ok := s.aliases[n]; ok {
		return u
	}
	return n
}

// normaliseIdentities rewrites the user ids of the loaded kinds through the
// identity mapping and counts how many matched the population.
func (s *Set) normaliseIdentities() {
	for i := range s.People {
		s.People[i].UserID = s.person(s.People[i].UserID)
	}
	if len(s.People) == 0 {
		return
	}
	s.people = make(map[string]bool, len(s.People))
	for _, p := range s.People {
		s.people[p.UserID] = true
	}
	s.Join = map[Kind]*JoinStats{}
	for i := range s.Devices {
		if d := &s.Devices[i]; d.UserID != "" {
			d.UserID = s.person(d.UserID)
			s.joined(Devices, d.UserID)
		}
	}
	for i := range s.Authenticators {
		a := &s.Authenticators[i]
		a.UserID = s.person(a.UserID)
		s.joined(Authenticators, a.UserID)
	}
	for i := range s.Tickets {
		if t := &s.Tickets[i]; t.UserID != "" {
			t.UserID = s.person(t.UserID)
			s.joined(Tickets, t.UserID)
		}
	}
}

func (s *Set) joined(k Kind, user string) {
	if s.Join == nil {
		return
	}
	j := s.Join[k]
	if j == nil {
		j = &JoinStats{}
		s.Join[k] = j
	}
	j.Records++
	if s.people[user] {
		j.Joined++
	}
}
