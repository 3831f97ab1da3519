package main

// metrics.md, "Population and devices".

import "math"

// oracleSegments are the device segments of metrics.md.
var oracleSegments = []string{"personal", "shared", "frontline", "contractor", "acquired"}

// oracleDefaultMinimums are the platform minimums when governance gives no
// supported_platforms.
var oracleDefaultMinimums = map[string]string{"windows": "10.0.19045", "macos": "13", "ios": "17", "android": "14"}

func oraclePopulationAndDevices(in *oracleInput, out *oracleResult) {
	if in.has("population") {
		out.set("population.in_scope_users", float64(len(in.inScope)), len(in.inScope))
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
	active, ready, sharedActive := 0, 0, 0
	segActive := map[string]int{}
	segReady := map[string]int{}
	for _, d := range in.devices {
		if d.lastSeen.Before(cut) {
			continue
		}
		active++
		floor, ok := minimum[d.platform]
		r := ok && oracleVersionAtLeast(d.osVersion, floor) && d.keystore
		if r {
			ready++
		}
		if d.shared {
			sharedActive++
		}
		for _, s := range oracleDeviceSegments(in, d) {
			segActive[s]++
			if r {
				segReady[s]++
			}
		}
	}
	out.set("devices.active", float64(active), active)
	out.set("devices.shared_active", float64(sharedActive), sharedActive)
	out.share("devices.ready_share", ready, active)
	minShare, minN := math.Inf(1), 0
	for _, s := range oracleSegments {
		if segActive[s] == 0 {
			continue
		}
		v := float64(segReady[s]) / float64(segActive[s])
		out.set("segment:devices.ready_share:"+s, v, segActive[s])
		if segActive[s] >= 30 && v < minShare {
			minShare, minN = v, segActive[s]
		}
	}
	if minN > 0 {
		out.set("devices.min_segment_ready_share", minShare, minN)
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
