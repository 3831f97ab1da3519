package metrics_test

import (
	"fmt"
	"testing"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/metrics"
)

func TestCompareVersions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		a, b string
		want int
	}{
		{"windows build above", "10.0.19045", "10.0.19044", 1},
		{"windows build below", "10.0.19044", "10.0.19045", -1},
		{"equal", "10.0.19045", "10.0.19045", 0},
		{"missing parts are zero: shorter is lower", "14", "14.0.1", -1},
		{"missing parts are zero: longer is higher", "14.0.1", "14", 1},
		{"missing parts are zero: equal", "14", "14.0.0", 0},
		{"missing parts are zero: equal, reversed", "13.0", "13", 0},
		{"numeric, not lexical", "17.5.1", "17.10", -1},
		{"numeric major", "2", "10", -1},
		{"major decides", "15.0", "14.9.9", 1},
		{"empty is zero", "", "0", 0},
		{"empty below one", "", "1", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := metrics.CompareVersions(tc.a, tc.b); got != tc.want {
				t.Errorf("CompareVersions(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func ExampleCompareVersions() {
	fmt.Println(metrics.CompareVersions("10.0.19045", "10.0.19044"))
	fmt.Println(metrics.CompareVersions("14", "14.0.1"))
	fmt.Println(metrics.CompareVersions("13", "13.0.0"))
	// Output:
	// 1
	// -1
	// 0
}

func TestDevicesActiveCutoff(t *testing.T) {
	t.Parallel()
	// period.end = 2026-09-30, so the cutoff date is 2026-08-31.
	cases := []struct {
		name     string
		lastSeen string
		active   bool
	}{
		{"on the cutoff date at midnight", "2026-08-31T00:00:00Z", true},
		{"on the cutoff date late", "2026-08-31T23:59:59Z", true},
		{"one second before the cutoff date", "2026-08-30T23:59:59Z", false},
		{"a day before the cutoff", "2026-08-30", false},
		{"on period end", "2026-09-30T23:59:59Z", true},
		{"at period start", "2026-07-01", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &metrics.Input{Period: q3(), Devices: []evidence.Device{{
				DeviceID: "d1", Platform: "windows", OSVersion: "10.0.19045", HardwareKeystore: true,
				Ownership: "corporate", LastSeen: ts(t, tc.lastSeen),
			}}}
			r := run(in, nil, false, nil, false)
			want := 0.0
			if tc.active {
				want = 1
			}
			wantNum(t, r, "devices.active", want, -1)
			if tc.active {
				wantNum(t, r, "devices.ready_share", 1, 1)
			} else {
				wantAbsent(t, r, "devices.ready_share") // zero active devices: no denominator
			}
		})
	}
}

func TestDevicesReadiness(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		platform string
		version  string
		keystore bool
		gov      map[string]string // governance supported_platforms; nil = no governance
		ready    bool
	}{
		{"windows at the default floor", "windows", "10.0.19045", true, nil, true},
		{"windows one build below", "windows", "10.0.19044", true, nil, false},
		{"windows one build above", "windows", "10.0.19046", true, nil, true},
		{"windows 11", "windows", "10.0.22631", true, nil, true},
		{"ready version without key store", "windows", "10.0.19045", false, nil, false},
		{"macos 13 exactly", "macos", "13", true, nil, true},
		{"macos 13.0.1", "macos", "13.0.1", true, nil, true},
		{"macos 12.7.6", "macos", "12.7.6", true, nil, false},
		{"ios 17.0 equals 17", "ios", "17.0", true, nil, true},
		{"ios 16.7", "ios", "16.7", true, nil, false},
		{"ios 17.5.1", "ios", "17.5.1", true, nil, true},
		{"android 14", "android", "14", true, nil, true},
		{"android 13", "android", "13", true, nil, false},
		{"linux has no minimum", "linux", "6.1", true, nil, false},
		{"chromeos has no minimum", "chromeos", "120", true, nil, false},
		{"governance floor raises android", "android", "14", true, map[string]string{"android": "14.0.1"}, false},
		{"governance floor met", "android", "14.0.1", true, map[string]string{"android": "14.0.1"}, true},
		{"governance floor lowers windows", "windows", "10.0.19041", true, map[string]string{"windows": "10.0.19041"}, true},
		{"governance can add linux", "linux", "6.1", true, map[string]string{"linux": "6"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &metrics.Input{Period: q3(), Devices: []evidence.Device{{
				DeviceID: "d1", Platform: tc.platform, OSVersion: tc.version, HardwareKeystore: tc.keystore,
				Ownership: "corporate", LastSeen: ts(t, "2026-09-20"),
			}}}
			if tc.gov != nil {
				in.Governance = &evidence.GovernanceRecord{SupportedPlatforms: tc.gov}
			}
			r := run(in, nil, false, nil, false)
			want := 0.0
			if tc.ready {
				want = 1
			}
			wantNum(t, r, "devices.ready_share", want, 1)
		})
	}
}

// fleet appends n active devices of a segment, the first ready of them ready.
func fleet(ds []evidence.Device, n, ready int, mk func(i int) evidence.Device) []evidence.Device {
	for i := range n {
		d := mk(i)
		d.Platform, d.OSVersion, d.HardwareKeystore = "windows", "10.0.19045", true
		if i >= ready {
			d.OSVersion = "10.0.19044"
		}
		if d.LastSeen.IsZero() {
			d.LastSeen = mustTime("2026-09-15")
		}
		ds = append(ds, d)
	}
	return ds
}

func TestDevicesSegments(t *testing.T) {
	t.Parallel()
	people := []evidence.Person{
		{UserID: "kw", Persona: "knowledge_worker", Employment: "employee", InScope: true},
		{UserID: "fl", Persona: "frontline", Employment: "employee", InScope: true},
		{UserID: "ctr", Persona: "knowledge_worker", Employment: "contractor", InScope: true},
		{UserID: "acq", Persona: "knowledge_worker", Employment: "acquired", InScope: true},
	}
	var ds []evidence.Device
	// personal: 40 active, 36 ready → 0.9
	ds = fleet(ds, 40, 36, func(i int) evidence.Device {
		return evidence.Device{DeviceID: fmt.Sprint("p", i), UserID: "kw", Ownership: "personal"}
	})
	// shared: exactly 30 active, 24 ready → 0.8 (30 qualifies for the minimum)
	ds = fleet(ds, 30, 24, func(i int) evidence.Device {
		return evidence.Device{DeviceID: fmt.Sprint("s", i), Ownership: "corporate", Shared: true}
	})
	// frontline: 29 active, none ready → 0.0 but below 30, so not the minimum
	ds = fleet(ds, 29, 0, func(i int) evidence.Device {
		return evidence.Device{DeviceID: fmt.Sprint("f", i), UserID: "fl", Ownership: "corporate"}
	})
	// 5 more frontline devices, unready but inactive: they must not lift frontline to 34
	ds = fleet(ds, 5, 0, func(i int) evidence.Device {
		return evidence.Device{DeviceID: fmt.Sprint("fi", i), UserID: "fl", Ownership: "corporate", LastSeen: mustTime("2026-08-01")}
	})
	// acquired: 31 active, all ready → 1.0
	ds = fleet(ds, 31, 31, func(i int) evidence.Device {
		return evidence.Device{DeviceID: fmt.Sprint("a", i), UserID: "acq", Ownership: "corporate"}
	})
	// a device whose user is not in the population: no persona segment
	ds = fleet(ds, 1, 0, func(int) evidence.Device {
		return evidence.Device{DeviceID: "ghost", UserID: "nobody", Ownership: "corporate"}
	})

	r := run(&metrics.Input{Period: q3(), People: people, Devices: ds}, nil, false, nil, false)

	// active = 40 + 30 + 29 + 31 + 1 = 131; ready = 36 + 24 + 0 + 31 + 0 = 91
	wantNum(t, r, "devices.active", 131, 131)
	wantNum(t, r, "devices.shared_active", 30, 30)
	wantNum(t, r, "devices.ready_share", 91.0/131, 131)
	wantNum(t, r, "devices.min_segment_ready_share", 0.8, 30)
	wantDetail(t, r, "devices.min_segment_ready_share", "shared")

	wantSeg := map[string]float64{"personal": 0.9, "shared": 0.8, "frontline": 0, "acquired": 1}
	wantSize := map[string]int{"personal": 40, "shared": 30, "frontline": 29, "acquired": 31}
	for seg, want := range wantSeg {
		if got, ok := r.Segments[seg]; !ok || got != want {
			t.Errorf("segment %s = %v (present %v), want %v", seg, got, ok, want)
		}
		if got := r.SegmentSizes[seg]; got != wantSize[seg] {
			t.Errorf("segment %s size = %d, want %d", seg, got, wantSize[seg])
		}
	}
	if _, ok := r.Segments["contractor"]; ok {
		t.Error("contractor segment has no devices and should be absent")
	}
}

func TestDevicesSegmentMembership(t *testing.T) {
	t.Parallel()
	people := []evidence.Person{
		{UserID: "fc", Persona: "frontline", Employment: "contractor", InScope: true},
		{UserID: "ka", Persona: "knowledge_worker", Employment: "acquired", InScope: false},
	}
	cases := []struct {
		name string
		dev  evidence.Device
		want []string
	}{
		{"personal, shared, frontline contractor", evidence.Device{UserID: "fc", Ownership: "personal", Shared: true}, []string{"personal", "shared", "frontline", "contractor"}},
		{"corporate device of a frontline contractor", evidence.Device{UserID: "fc", Ownership: "corporate"}, []string{"frontline", "contractor"}},
		{"acquired user even when out of scope", evidence.Device{UserID: "ka", Ownership: "corporate"}, []string{"acquired"}},
		{"shared device without user", evidence.Device{Ownership: "corporate", Shared: true}, []string{"shared"}},
		{"corporate employee device", evidence.Device{UserID: "nobody", Ownership: "corporate"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.dev
			d.DeviceID, d.Platform, d.OSVersion, d.HardwareKeystore, d.LastSeen = "d", "ios", "17", true, mustTime("2026-09-30")
			r := run(&metrics.Input{Period: q3(), People: people, Devices: []evidence.Device{d}}, nil, false, nil, false)
			got := map[string]bool{}
			for seg := range r.Segments {
				got[seg] = true
			}
			if len(got) != len(tc.want) {
				t.Errorf("segments = %v, want %v", r.Segments, tc.want)
			}
			for _, seg := range tc.want {
				if !got[seg] || r.Segments[seg] != 1 || r.SegmentSizes[seg] != 1 {
					t.Errorf("segment %s: share %v size %d, want 1 and 1", seg, r.Segments[seg], r.SegmentSizes[seg])
				}
			}
			// no segment reaches 30 devices
			wantAbsent(t, r, "devices.min_segment_ready_share")
		})
	}
}

func TestDevicesMinSegmentAbsentBelow30(t *testing.T) {
	t.Parallel()
	var ds []evidence.Device
	ds = fleet(ds, 29, 10, func(i int) evidence.Device {
		return evidence.Device{DeviceID: fmt.Sprint("p", i), Ownership: "personal"}
	})
	ds = fleet(ds, 29, 29, func(i int) evidence.Device {
		return evidence.Device{DeviceID: fmt.Sprint("s", i), Ownership: "corporate", Shared: true}
	})
	r := run(&metrics.Input{Period: q3(), Devices: ds}, nil, false, nil, false)
	wantAbsent(t, r, "devices.min_segment_ready_share")
	wantNum(t, r, "devices.ready_share", 39.0/58, 58)
}

func TestDevicesEmpty(t *testing.T) {
	t.Parallel()
	r := run(&metrics.Input{Period: q3(), Devices: []evidence.Device{}}, nil, false, nil, false)
	wantNum(t, r, "devices.active", 0, 0)
	wantNum(t, r, "devices.shared_active", 0, 0)
	wantAbsent(t, r, "devices.ready_share", "devices.min_segment_ready_share")
	noNaN(t, r)
}

func ExampleNew() {
	in := &metrics.Input{
		Period:         evidence.Period{Start: mustTime("2026-07-01"), End: mustTime("2026-09-30")},
		People:         []evidence.Person{{UserID: "u1", InScope: true}, {UserID: "u2", InScope: true}},
		Authenticators: []evidence.Authenticator{{UserID: "u1", Type: "passkey_synced", RegisteredAt: mustTime("2026-01-01")}},
	}
	acc := metrics.New(in)
	// stream the sign-ins; the last one falls after the period and is ignored
	for _, e := range []evidence.AuthEvent{
		{Time: mustTime("2026-08-01T09:00:00Z"), UserID: "u1", Method: "passkey_synced", Success: true},
		{Time: mustTime("2026-08-02T09:00:00Z"), UserID: "u1", Method: "otp_app", Success: true},
		{Time: mustTime("2026-10-01T00:00:00Z"), UserID: "u1", Method: "sms", Success: true},
	} {
		acc.AuthEvent(&e)
	}
	acc.Streamed(metrics.Streamed{AuthEvents: true})
	r := acc.Results()
	for _, name := range []string{"population.in_scope_users", "enrolment.pr_share", "auth.events", "auth.fallback_share"} {
		v := r.Values[name]
		fmt.Printf("%s = %v (n=%d)\n", name, v.Num, v.N)
	}
	_, ok := r.Values["recovery.completed"]
	fmt.Println("recovery.completed present:", ok)
	// Output:
	// population.in_scope_users = 2 (n=2)
	// enrolment.pr_share = 0.5 (n=2)
	// auth.events = 2 (n=2)
	// auth.fallback_share = 0.5 (n=2)
	// recovery.completed present: false
}
