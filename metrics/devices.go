package metrics

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/report/present"
	"github.com/assure-dev/assure/vocab"
)

// DefaultPlatformMinimums are the readiness floors used when governance records
// no supported-platforms matrix.
var DefaultPlatformMinimums = map[string]string{"windows": "10.0.19045", "macos": "13", "ios": "17", "android": "14"}

// MinSegmentDevices is how many active devices a segment needs before its
// ready share can be the weakest.
const MinSegmentDevices = 30

var deviceDefs = []Def{
	{
		Name: "devices.segments_with_minimum", Unit: present.Count, Label: "Segments large enough to judge",
		Definition: "device segments with at least 30 active devices, the ones the weakest-segment share is taken over",
		Kinds:      kinds(evidence.Devices), Needs: "device records",
		compute: func(a *Accumulator) (Value, bool) {
			n := 0
			for _, s := range a.deviceCounts().segments {
				if s.n >= MinSegmentDevices {
					n++
				}
			}
			return count(n)
		},
	},
	{
		Name: "devices.active", Unit: present.Count, Label: "Active devices",
		Definition: "devices last seen on or after the end of the period minus 30 days",
		Kinds:      kinds(evidence.Devices), Needs: "device records",
		compute: func(a *Accumulator) (Value, bool) { return count(a.deviceCounts().active) },
	},
	{
		Name: "devices.shared_active", Unit: present.Count, Label: "Active shared devices",
		Definition: "active devices marked as shared workstations or kiosks",
		Kinds:      kinds(evidence.Devices), Needs: "device records",
		compute: func(a *Accumulator) (Value, bool) { return count(a.deviceCounts().shared) },
	},
	{
		Name: "devices.ready_share", Unit: present.Share, Label: "Ready devices", Sampled: true,
		Definition: "active devices whose platform has a minimum version, whose OS is at or above it, and which have a hardware key store, over active devices",
		Kinds:      kinds(evidence.Devices), Needs: "at least one device seen in the last 30 days of the period",
		compute: func(a *Accumulator) (Value, bool) {
			c := a.deviceCounts()
			return boundedShare(c.ready, c.active, c.unjudged, unjudged(c.unjudged, c.active))
		},
	},
	{
		Name: "devices.min_segment_ready_share", Unit: present.Share, Label: "Ready devices in the weakest segment", Sampled: true,
		Definition: "the lowest ready share among device segments with at least 30 active devices",
		Kinds:      kinds(evidence.Devices),
		Needs:      "a device segment with at least 30 active devices (segments by persona and employment also need population records)",
		compute: func(a *Accumulator) (Value, bool) {
			// The weakest segment's share and the most it could be: the
			// lowest of the segments' upper bounds.
			var worst *segmentCount
			upper := 2.0
			for i, s := range a.deviceCounts().segments {
				if s.n < MinSegmentDevices {
					continue
				}
				if worst == nil || s.share() < worst.share() {
					worst = &a.deviceCounts().segments[i]
				}
				upper = min(upper, s.upper())
			}
			if worst == nil {
				return Value{}, false
			}
			v := Value{Num: worst.share(), N: worst.n, Detail: worst.name}
			if c := a.deviceCounts(); upper > v.Num {
				v.Bound, v.Upper, v.Unknown = LowerBound, upper, c.unjudged
				v.Cause = unjudged(c.unjudged, c.active)
			}
			return v, true
		},
	},
}

// deviceCounts are the active devices, how many are ready, and the same per
// segment, in the order of vocab.Segments (segments without devices left out).
type deviceCounts struct {
	active, ready, shared int
	unjudged              int // active devices whose readiness the inventory cannot tell
	segments              []segmentCount
}

type segmentCount struct {
	name               string
	n, ready, unjudged int
}

func (s segmentCount) share() float64 { return float64(s.ready) / float64(s.n) }

// upper is the share had every device that cannot be judged been ready.
func (s segmentCount) upper() float64 { return float64(s.ready+s.unjudged) / float64(s.n) }

// unjudged words the active devices whose readiness cannot be judged.
func unjudged(n, of int) string {
	return fmt.Sprintf("%s of %s active devices could not be judged from the inventory (its notes in the evidence table say why) and are counted as not ready", present.Thousands(n), present.Thousands(of))
}

func (a *Accumulator) deviceCounts() *deviceCounts {
	if a.devices != nil {
		return a.devices
	}
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
	c := &deviceCounts{}
	segN, segReady, segUnjudged := map[vocab.Segment]int{}, map[vocab.Segment]int{}, map[vocab.Segment]int{}
	for _, d := range in.Devices {
		if d.LastSeen.Before(cutoff) {
			continue
		}
		c.active++
		floor, ok := minimums[d.Platform]
		atFloor := ok && CompareVersions(d.OSVersion, floor) >= 0
		ready := atFloor && d.HardwareKeystore && !d.KeystoreUnknown
		// A device below its floor is not ready whatever its key store; one
		// at its floor whose key store the export cannot show is unjudged,
		// counted as not ready in the share and beside it.
		unknown := atFloor && d.KeystoreUnknown
		if ready {
			c.ready++
		}
		if unknown {
			c.unjudged++
		}
		segs := make([]vocab.Segment, 0, 3)
		if d.Ownership == "personal" {
			segs = append(segs, vocab.Personal)
		}
		if d.Shared {
			c.shared++
			segs = append(segs, vocab.Shared)
		}
		if p := people[d.UserID]; p != nil && d.UserID != "" {
			if p.Persona == "frontline" {
				segs = append(segs, vocab.Frontline)
			}
			switch p.Employment {
			case "contractor":
				segs = append(segs, vocab.Contractor)
			case "acquired":
				segs = append(segs, vocab.Acquired)
			}
		}
		for _, s := range segs {
			segN[s]++
			if ready {
				segReady[s]++
			}
			if unknown {
				segUnjudged[s]++
			}
		}
	}
	for _, s := range vocab.Segments() {
		if segN[s] > 0 {
			c.segments = append(c.segments, segmentCount{name: string(s), n: segN[s], ready: segReady[s], unjudged: segUnjudged[s]})
		}
	}
	a.devices = c
	return c
}

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
