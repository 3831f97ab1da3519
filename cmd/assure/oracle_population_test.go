package main

// metrics.md, "Population and devices".

import "math"

// oracleSegments are the device segments of metrics.md.
var oracleSegments = []string{"personal", "shared", "frontline", "contractor", "acquired"}

// oracleMinSegmentDevices is how many active devices a segment needs before
// its ready share can be the weakest (metrics.md).
const oracleMinSegmentDevices = 30

// oracleDefaultMinimums are the platform minimums when governance gives no
// supported_platforms.
var oracleDefaultMinimums = map[string]string{"windows": "10.0.19045", "macos": "13", "ios": "17", "android": "14"}

func oraclePopulationAndDevices(in *oracleInput, out *oracleResult) {
	if in.has("population") {
		out.set("population.in_scope_users", float64(len(in.inScope)), len(in.inScope))
		// Without a single in-scope row saying whether its person is
		// privileged, "nobody is" would be a guess.
		if in.privilegedKnown {
			out.set("population.privileged_in_scope", float64(len(in.privileged)), len(in.privileged))
		}
	}
	if !in.has("devices") {
		return
	}
	minimum := map[string]string{}
	for k, v := range oracleDefaultMinimums {
		minimum[k] = v
	}
	for k, v := range in.governance.SupportedPlatforms {
		minimum[k] = v
	}
	cut := in.period.endDay.AddDate(0, 0, -30)
	active, ready, unjudged, sharedActive := 0, 0, 0, 0
	segActive, segReady, segUnjudged := map[string]int{}, map[string]int{}, map[string]int{}
	for _, d := range in.devices {
		if d.lastSeen.Before(cut) {
			continue
		}
		active++
		floor, ok := minimum[d.platform]
		atFloor := ok && oracleVersionAtLeast(d.osVersion, floor)
		r := atFloor && d.keystore
		// At its floor with a key store the inventory cannot show, a device
		// might be ready: counted not ready, so the shares are lower bounds.
		// Below its floor it is not ready whatever its key store.
		u := atFloor && d.keystoreUnknown
		if r {
			ready++
		}
		if u {
			unjudged++
		}
		if d.shared {
			sharedActive++
		}
		for _, s := range oracleDeviceSegments(in, d) {
			segActive[s]++
			if r {
				segReady[s]++
			}
			if u {
				segUnjudged[s]++
			}
		}
	}
	out.set("devices.active", float64(active), active)
	out.set("devices.shared_active", float64(sharedActive), sharedActive)
	out.share("devices.ready_share", ready, active)
	if active > 0 {
		out.upper["devices.ready_share"] = float64(ready+unjudged) / float64(active)
	}
	// The weakest segment could be at most the lowest of the segments' upper
	// bounds.
	minShare, minN, judged, minUpper := math.Inf(1), 0, 0, math.Inf(1)
	for _, s := range oracleSegments {
		if segActive[s] == 0 {
			continue
		}
		v := float64(segReady[s]) / float64(segActive[s])
		out.set("segment:devices.ready_share:"+s, v, segActive[s])
		if segActive[s] < oracleMinSegmentDevices {
			continue
		}
		judged++
		minUpper = min(minUpper, float64(segReady[s]+segUnjudged[s])/float64(segActive[s]))
		if v < minShare {
			minShare, minN = v, segActive[s]
		}
	}
	out.set("devices.segments_with_minimum", float64(judged), judged)
	if minN > 0 {
		out.set("devices.min_segment_ready_share", minShare, minN)
		out.upper["devices.min_segment_ready_share"] = minUpper
	}
}

// oracleDeviceSegments lists the segments a device belongs to: by its own
// ownership and sharing, and by the persona and employment of its primary user.
func oracleDeviceSegments(in *oracleInput, d oracleDevice) []string {
	var segs []string
	if d.ownership == "personal" {
		segs = append(segs, "personal")
	}
	if d.shared {
		segs = append(segs, "shared")
	}
	if d.user != "" {
		if in.persona[d.user] == "frontline" {
			segs = append(segs, "frontline")
		}
		switch in.employment[d.user] {
		case "contractor":
			segs = append(segs, "contractor")
		case "acquired":
			segs = append(segs, "acquired")
		}
	}
	return segs
}
