package metrics

import (
	"maps"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/evidence"
)

// DefaultPlatformMinimums are the readiness floors used when governance records
// no supported-platforms matrix.
var DefaultPlatformMinimums = map[string]string{"windows": "10.0.19045", "macos": "13", "ios": "17", "android": "14"}

// CompareVersions compares dotted numeric versions; missing parts count as 0.
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (a *Accumulator) devices(r *Results) {
	in := a.in
	// A platform the governance matrix leaves out keeps its default floor.
	minimums := maps.Clone(DefaultPlatformMinimums)
	if in.Governance != nil {
		maps.Copy(minimums, in.Governance.SupportedPlatforms)
	}
	people := make(map[string]*evidence.Person, len(in.People))
	for i := range in.People {
		people[in.People[i].UserID] = &in.People[i]
	}
	cutoff := in.Period.End.AddDate(0, 0, -30)
	var active, ready, shared int
	segN, segReady := map[string]int{}, map[string]int{}
	for _, d := range in.Devices {
		if d.LastSeen.Before(cutoff) {
			continue
		}
		active++
		floor, ok := minimums[d.Platform]
		isReady := ok && d.HardwareKeystore && CompareVersions(d.OSVersion, floor) >= 0
		if isReady {
			ready++
		}
		segs := make([]string, 0, 3)
		if d.Ownership == "personal" {
			segs = append(segs, "personal")
		}
		if d.Shared {
			shared++
			segs = append(segs, "shared")
		}
		if p := people[d.UserID]; p != nil && d.UserID != "" {
			if p.Persona == "frontline" {
				segs = append(segs, "frontline")
			}
			if p.Employment == "contractor" || p.Employment == "acquired" {
				segs = append(segs, p.Employment)
			}
		}
		for _, s := range segs {
			segN[s]++
			if isReady {
				segReady[s]++
			}
		}
	}
	r.count("devices.active", active)
	r.count("devices.shared_active", shared)
	r.share("devices.ready_share", ready, active)
	best := -1.0
	for _, s := range Segments {
		if segN[s] == 0 {
			continue
		}
		v := float64(segReady[s]) / float64(segN[s])
		r.Segments[s], r.SegmentSizes[s] = v, segN[s]
		if segN[s] >= 30 && (best < 0 || v < best) {
			best = v
			r.Values["devices.min_segment_ready_share"] = Value{Num: v, N: segN[s], Detail: s}
		}
	}
}
