package intune

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
	"github.com/assure-dev/assure/internal/problem"
)

func read(t testing.TB, text string) ([]evidence.Item, error) {
	t.Helper()
	var items []evidence.Item
	err := New().Read(strings.NewReader(text), evidence.Devices, func(it evidence.Item) bool {
		items = append(items, it)
		return true
	})
	return items, err
}

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// split sorts an adapter's items into records (by line), skips, problems and notes.
func split(items []evidence.Item) (recs map[int]evidence.Device, skips map[int]string, probs map[int]evidence.Item, notes []string) {
	recs, skips, probs = map[int]evidence.Device{}, map[int]string{}, map[int]evidence.Item{}
	for _, it := range items {
		switch {
		case it.Note != "":
			notes = append(notes, it.Note)
		case it.Skip != "":
			skips[it.Line] = it.Skip
		case it.Problem != "":
			probs[it.Line] = it
		default:
			recs[it.Line] = it.Record.(evidence.Device)
		}
	}
	return
}

func TestFixtures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file    string
		records map[int]evidence.Device
		skips   map[int]string
		notes   []string // substrings, in order of the notes
	}{
		{
			file: "portal.csv",
			records: map[int]evidence.Device{
				2: {DeviceID: "a1f0c3d2-1111-4c6e-9d11-000000000001", KeystoreUnknown: true, UserID: "Ana.Ruiz@example.com", Platform: "windows", OSVersion: "10.0.22631.3737", Managed: true, Ownership: "corporate", LastSeen: at("2026-06-28T08:14:05Z")},
				3: {DeviceID: "a1f0c3d2-1111-4c6e-9d11-000000000002", KeystoreUnknown: true, UserID: "ben.okafor@example.com", Platform: "macos", OSVersion: "14.6.1", Managed: true, Ownership: "corporate", LastSeen: at("2026-06-29T11:30:00Z")},
				4: {DeviceID: "a1f0c3d2-1111-4c6e-9d11-000000000003", Platform: "ios", OSVersion: "17.5.1", HardwareKeystore: true, Managed: true, Ownership: "corporate", Shared: true, LastSeen: at("2026-06-30T07:00:00Z")},
				5: {DeviceID: "a1f0c3d2-1111-4c6e-9d11-000000000004", KeystoreUnknown: true, UserID: "chen.li@example.com", Platform: "android", OSVersion: "14", Managed: true, Ownership: "personal", LastSeen: at("2026-06-27T19:20:00Z")},
				6: {DeviceID: "a1f0c3d2-1111-4c6e-9d11-000000000005", UserID: "dara.moss@example.com", Platform: "ios", OSVersion: "17.5.1", HardwareKeystore: true, Managed: true, Ownership: "personal", LastSeen: at("2026-06-26T08:00:00Z")},
				7: {DeviceID: "a1f0c3d2-1111-4c6e-9d11-000000000006", KeystoreUnknown: true, Platform: "windows", OSVersion: "10.0.19045.4529", Managed: true, Ownership: "corporate", Shared: true, LastSeen: at("2026-06-30T06:00:00Z")},
				8: {DeviceID: "a1f0c3d2-1111-4c6e-9d11-000000000007", KeystoreUnknown: true, UserID: "eve.tan@example.com", Platform: "windows", OSVersion: "10.0.15063", Managed: true, Ownership: "corporate", LastSeen: at("2025-12-01T10:00:00Z")},
			},
			skips: map[int]string{9: "OS unknown"},
			notes: []string{
				"Intune device export",
				"Windows, 3 devices (the export has no TPM version column); macOS, 1 device (the export has no processor architecture column); Android, 1 device (the export has no StrongBox column)",
				"1 device with ownership Unknown",
				"2 devices without a primary user counted as shared",
			},
		},
		{
			file: "exportjobs.csv",
			records: map[int]evidence.Device{
				2: {DeviceID: "b2e1d4c3-2222-4d7f-8e22-000000000011", KeystoreUnknown: true, UserID: "frank.obi@example.com", Platform: "windows", OSVersion: "10.0.26100.1742", Managed: true, Ownership: "corporate", LastSeen: at("2026-06-29T13:05:44.123Z")},
				3: {DeviceID: "b2e1d4c3-2222-4d7f-8e22-000000000012", KeystoreUnknown: true, UserID: "gita.rao@example.com", Platform: "macos", OSVersion: "13.6.7", Managed: true, Ownership: "personal", LastSeen: at("2026-06-28T09:15:00Z")},
				4: {DeviceID: "b2e1d4c3-2222-4d7f-8e22-000000000013", Platform: "macos", OSVersion: "15.5", HardwareKeystore: true, Managed: true, Ownership: "corporate", Shared: true, LastSeen: at("2026-06-30T09:15:00Z")},
				5: {DeviceID: "b2e1d4c3-2222-4d7f-8e22-000000000014", KeystoreUnknown: true, Platform: "android", OSVersion: "14", Managed: true, Ownership: "corporate", Shared: true, LastSeen: at("2026-06-30T05:00:00Z")},
				6: {DeviceID: "b2e1d4c3-2222-4d7f-8e22-000000000015", UserID: "ines.kahn@example.com", Platform: "macos", OSVersion: "26.0.1", HardwareKeystore: true, Managed: true, Ownership: "corporate", LastSeen: at("2026-06-30T05:00:00Z")},
			},
			notes: []string{
				"Intune device export",
				"Windows, 1 device (the export has no TPM version column); macOS, 1 device (an Intel processor, which has a Secure Enclave only with a T2 chip the export does not show, or no processor architecture); Android, 1 device",
				"1 device without a primary user counted as shared",
			},
		},
		{
			file: "hardware.csv",
			records: map[int]evidence.Device{
				2: {DeviceID: "c3f2e5d4-3333-4e80-9f33-000000000021", UserID: "jo.king@example.com", Platform: "windows", OSVersion: "10.0.22631.3880", HardwareKeystore: true, Managed: true, Ownership: "corporate", LastSeen: at("2026-06-30T10:00:00Z")},
				3: {DeviceID: "c3f2e5d4-3333-4e80-9f33-000000000022", UserID: "kai.lund@example.com", Platform: "windows", OSVersion: "10.0.19045.4651", Managed: true, Ownership: "corporate", LastSeen: at("2026-06-30T10:00:00Z")},
				4: {DeviceID: "c3f2e5d4-3333-4e80-9f33-000000000023", Platform: "windows", OSVersion: "10.0.22631.3880", HardwareKeystore: true, Managed: true, Ownership: "corporate", Shared: true, LastSeen: at("2026-06-30T21:05:00Z")},
				5: {DeviceID: "c3f2e5d4-3333-4e80-9f33-000000000024", KeystoreUnknown: true, Platform: "windows", OSVersion: "10.0.22631.3880", Managed: true, Ownership: "corporate", Shared: true, LastSeen: at("2026-06-30T10:00:00Z")},
			},
			notes: []string{
				"Intune device export",
				"Windows, 1 device (no TPM version)",
				"1 device without a primary user counted as shared",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			items, err := read(t, fixture(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			recs, skips, probs, notes := split(items)
			if len(probs) > 0 {
				t.Errorf("problems: %v", probs)
			}
			for line, want := range c.records {
				if got, ok := recs[line]; !ok || !reflect.DeepEqual(got, want) {
					t.Errorf("line %d:\n got %+v\nwant %+v", line, got, want)
				}
			}
			if len(recs) != len(c.records) {
				t.Errorf("%d records, want %d", len(recs), len(c.records))
			}
			if !reflect.DeepEqual(skips, c.skips) && (len(skips) != 0 || len(c.skips) != 0) {
				t.Errorf("skips %v, want %v", skips, c.skips)
			}
			if len(notes) != len(c.notes) {
				t.Fatalf("notes %q, want %d", notes, len(c.notes))
			}
			for i, n := range c.notes {
				if !strings.Contains(notes[i], n) {
					t.Errorf("note %d = %q, want it to contain %q", i, notes[i], n)
				}
			}
			for _, r := range recs {
				if r.LastSeen.Location() != time.UTC {
					t.Errorf("%s: last seen not in UTC", r.DeviceID)
				}
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	_, err := read(t, fixture(t, "missing-id.csv"))
	var e *problem.Problem
	if !errors.As(err, &e) || e.Line != 1 || !strings.Contains(e.Msg, `missing column "Device ID"`) {
		t.Errorf("missing key column: %v", err)
	}

	items, err := read(t, fixture(t, "bad-rows.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, probs, _ := split(items)
	want := map[int]struct{ field, msg string }{
		2: {"Last check-in", "unknown format"},
		3: {"OS version", "dotted numeric"},
		4: {"Ownership", `"Entreprise"; want Corporate, Personal or Unknown`},
		5: {"OS", "empty OS"},
		6: {"Device ID", "empty device id"},
		7: {"Last check-in", "empty last check-in"},
	}
	for line, w := range want {
		p, ok := probs[line]
		if !ok || p.Field != w.field || !strings.Contains(p.Problem, w.msg) {
			t.Errorf("line %d: %+v, want %s: %s", line, p, w.field, w.msg)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("%d problems, want %d", len(probs), len(want))
	}
}

func TestWrongKind(t *testing.T) {
	t.Parallel()
	err := New().Read(strings.NewReader(""), evidence.Tickets, func(evidence.Item) bool { return true })
	if err == nil {
		t.Error("tickets read from an Intune export")
	}
}

func TestStopsWhenAsked(t *testing.T) {
	t.Parallel()
	n := 0
	err := New().Read(strings.NewReader(fixture(t, "portal.csv")), evidence.Devices, func(evidence.Item) bool {
		n++
		return n < 2
	})
	if err != nil || n != 2 {
		t.Errorf("emit called %d times after returning false (err %v)", n, err)
	}
}

func TestHelpers(t *testing.T) {
	t.Parallel()
	versions := map[string]string{"14.5 (23F79)": "14.5", "10.0.19045.4529": "10.0.19045.4529", "17": "17", "v17": "", "17.": "", "1..2": "", "14.5beta": ""}
	for in, want := range versions {
		if got, ok := vendorio.LeadingVersion(in); got != want || ok != (want != "") {
			t.Errorf("vendorio.LeadingVersion(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	tpm := map[string][2]bool{"2.0": {true, true}, "1.2": {false, true}, "2.0, 0, 1.38": {true, true}, "": {false, false}, "Not supported": {false, true}, "n/a": {false, false}}
	for in, want := range tpm {
		if p, k := tpmVersion(in); p != want[0] || k != want[1] {
			t.Errorf("tpmVersion(%q) = %v %v, want %v", in, p, k, want)
		}
	}
	if tm, ok := vendorio.ParseTime(strings.ToUpper("6/3/2026 3:26:00 pm"), timeLayouts); !ok || !tm.Equal(at("2026-06-03T15:26:00Z")) {
		t.Errorf("US time: %v %v", tm, ok)
	}
}

func FuzzIntuneCSV(f *testing.F) {
	for _, name := range []string{"portal.csv", "exportjobs.csv", "hardware.csv", "bad-rows.csv", "missing-id.csv"} {
		f.Add(fixture(f, name))
	}
	f.Fuzz(func(t *testing.T, text string) {
		items, _ := read(t, text)
		for _, it := range items {
			set := 0
			for _, b := range []bool{it.Record != nil, it.Skip != "", it.Problem != "", it.Note != ""} {
				if b {
					set++
				}
			}
			if set != 1 {
				t.Fatalf("item %+v sets %d of record, skip, problem, note", it, set)
			}
			if it.Problem != "" && it.Field == "" {
				t.Fatalf("problem without a field: %+v", it)
			}
			if d, ok := it.Record.(evidence.Device); ok {
				if d.DeviceID == "" || d.LastSeen.IsZero() || (d.Ownership != "corporate" && d.Ownership != "personal") || !vendorVersion(d.OSVersion) {
					t.Fatalf("record fails the native checks: %+v", d)
				}
				if d.Shared && d.UserID != "" {
					t.Fatalf("shared device with a user: %+v", d)
				}
			}
		}
	})
}

func vendorVersion(v string) bool {
	got, ok := vendorio.LeadingVersion(v)
	return ok && got == v
}

// TestReencodedExports reads the portal export as Windows tools re-save it.
// Windows PowerShell 5.1's Export-Csv quotes every field, and with -Encoding
// UTF8 writes a byte-order mark ("In Windows PowerShell, any Unicode encoding,
// except UTF7, always creates a BOM": Microsoft Learn, about_Character_Encoding);
// Excel in a locale whose list separator is ";" saves "CSV UTF-8" with a mark
// and semicolons (declared in the manifest with delimiter = ";"). Both must
// read as the file Intune wrote.
func TestReencodedExports(t *testing.T) {
	t.Parallel()
	plain := fixture(t, "portal.csv")
	want, err := read(t, plain)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(plain)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	quoteAll := func(sep string) string {
		var b strings.Builder
		b.WriteString("\ufeff")
		for _, row := range rows {
			for i, cell := range row {
				if i > 0 {
					b.WriteString(sep)
				}
				b.WriteString(`"` + strings.ReplaceAll(cell, `"`, `""`) + `"`)
			}
			b.WriteString("\r\n")
		}
		return b.String()
	}
	for name, text := range map[string]string{"Export-Csv -Encoding UTF8": quoteAll(","), "Excel CSV UTF-8 with semicolons": quoteAll(";")} {
		got, err := read(t, text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: items differ from the export as written:\n got %+v\nwant %+v", name, got, want)
		}
	}
}

// TestProcessorArchitectureCodes reads the DevicesWithInventory export as
// the Graph export job delivers it (the "Columns received" of Microsoft's
// Intune reports reference, MicrosoftDocs/memdocs intune/device-management/
// reports/ref-graph-available-reports.md), whose ProcessorArchitecture is a
// code: on macOS 12 is ARM64 (Apple silicon, which always has a Secure
// Enclave) and 9 x64 (an Intel Mac, which has one only with a T2 chip the
// export does not show). A Windows device's architecture says nothing of its
// TPM, and an Android device has no readiness column: their key stores are
// unknown, not absent.
func TestProcessorArchitectureCodes(t *testing.T) {
	t.Parallel()
	text := "Device ID,Device name,Enrollment date,Last check-in,OS version,Primary user UPN,Ownership,OS,ProcessorArchitecture,TPMManufacturerId,TPMManufacturerVersion\n" +
		"d-1,MAC-0001,2025-03-01 09:00:00.0000000,2026-09-28 08:00:00.0000000,14.6.1,ana@example.com,Corporate,macOS,12,,\n" +
		"d-2,MAC-0002,2025-03-01 09:00:00.0000000,2026-09-28 08:00:00.0000000,15.5,ben@example.com,Corporate,macOS,12,,\n" +
		"d-3,MAC-0003,2021-03-01 09:00:00.0000000,2026-09-28 08:00:00.0000000,14.6.1,cy@example.com,Corporate,macOS,9,,\n" +
		"d-4,WIN-0004,2025-03-01 09:00:00.0000000,2026-09-28 08:00:00.0000000,10.0.26100.1742,dee@example.com,Corporate,Windows,12,1398033696,7.2.1.0\n" +
		"d-5,AND-0005,2025-03-01 09:00:00.0000000,2026-09-28 08:00:00.0000000,14,eve@example.com,Personal,Android,0,,\n"
	items, err := read(t, text)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, probs, notes := split(items)
	if len(probs) > 0 {
		t.Fatalf("problems %v", probs)
	}
	want := map[string][2]bool{ // hardware key store, unknown
		"d-1": {true, false}, "d-2": {true, false}, "d-3": {false, true}, "d-4": {false, true}, "d-5": {false, true},
	}
	for _, d := range recs {
		if w := want[d.DeviceID]; d.HardwareKeystore != w[0] || d.KeystoreUnknown != w[1] {
			t.Errorf("%s (%s): key store %v, unknown %v; want %v, %v", d.DeviceID, d.Platform, d.HardwareKeystore, d.KeystoreUnknown, w[0], w[1])
		}
	}
	if text := strings.Join(notes, "\n"); !strings.Contains(text, "macOS, 1 device (an Intel processor") || !strings.Contains(text, "cannot be judged") {
		t.Errorf("notes:\n%s", text)
	}
	for code, want := range map[string]string{"12": "arm64", "5": "arm", "9": "x64", "0": "x86", "ARM64": "arm64", "x64": "x64", "Apple M2 Pro": "arm64", "": "", "7": ""} {
		if got := architecture(code); got != want {
			t.Errorf("architecture(%q) = %q, want %q", code, got, want)
		}
	}
}
