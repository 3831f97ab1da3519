// Package jamf reads Jamf Pro's computer inventory ("jamf-json") as the devices
// kind: the response of GET /api/v3/computers-inventory ({"totalCount": n,
// "results": [...]}, one page or one page per line), or its results as a JSON
// array or one computer per line.
//
// See docs/adapters/devices.md for the mapping and what it approximates.
package jamf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// Format is the manifest's format value.
const Format = "jamf-json"

// New returns the jamf-json adapter.
func New() evidence.Adapter {
	return evidence.Adapter{Format: Format, Kinds: []evidence.Kind{evidence.Devices}, Note: note, Decode: decodeJSON}
}

const note = "Jamf Pro computer inventory: every computer is a Mac; ownership is not recorded, so computers count as " +
	"corporate unless enrolled through User Enrollment (general.appleEnrollmentType \"user\"), which count as personal; " +
	"a computer whose user and location section names nobody counts as shared; the Secure Enclave is taken from " +
	"hardware.appleSilicon, an ARM or Apple processor, a secure boot level (reported only by Macs with a T2 chip or " +
	"Apple silicon) or macOS 26 or later, and is otherwise unknown: such a computer's readiness cannot be judged"

type tally struct {
	unknownKeystore, noUserSection, sharedNoUser int
}

func decodeJSON(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	var t tally
	more := true
	err := vendorio.DocumentRecords(r, []string{"results"}, func(line int, m map[string]any) bool {
		more = emit(mapComputer(line, m, &t))
		return more
	})
	if err != nil || !more {
		return err
	}
	if t.unknownKeystore > 0 {
		emit(evidence.Item{Note: "Secure Enclave unknown for " + count(t.unknownKeystore) + " (no hardware or security section shows Apple silicon or a T2 chip), so whether they are ready cannot be judged and devices.ready_share is a lower bound; request sections HARDWARE and SECURITY"})
	}
	if t.noUserSection > 0 {
		emit(evidence.Item{Note: count(t.noUserSection) + " without a user and location section: their user is unknown and they are not counted as shared; request section USER_AND_LOCATION"})
	}
	if t.sharedNoUser > 0 {
		emit(evidence.Item{Note: count(t.sharedNoUser) + " with no assigned user counted as shared"})
	}
	return nil
}

func mapComputer(line int, m map[string]any, t *tally) evidence.Item {
	d := evidence.Device{Platform: "macos", DeviceID: vendorio.String(m, "id")}
	if d.DeviceID == "" {
		d.DeviceID = vendorio.String(m, "udid")
	}
	if d.DeviceID == "" {
		return evidence.ProblemAt(line, "id", "no id; want the computer's Jamf Pro id")
	}

	field, raw := "general.lastContactTime", vendorio.String(m, "general", "lastContactTime")
	if raw == "" {
		field, raw = "general.reportDate", vendorio.String(m, "general", "reportDate")
	}
	if raw == "" {
		return evidence.ProblemAt(line, "general.lastContactTime", "no last contact time; want general.lastContactTime (request section GENERAL)")
	}
	seen, ok := vendorio.ParseTime(raw, timeLayouts)
	if !ok {
		return evidence.ProblemAt(line, field, fmt.Sprintf("%q is a date in an unknown format; want an ISO 8601 date-time such as 2026-06-03T07:41:22.000Z", raw))
	}
	d.LastSeen = seen

	raw = vendorio.String(m, "operatingSystem", "version")
	if raw == "" {
		return evidence.ProblemAt(line, "operatingSystem.version", "no OS version; want operatingSystem.version (request section OPERATING_SYSTEM)")
	}
	if d.OSVersion, ok = vendorio.LeadingVersion(raw); !ok {
		return evidence.ProblemAt(line, "operatingSystem.version", fmt.Sprintf("%q; want a dotted numeric macOS version such as 14.5.0", raw))
	}

	d.Ownership = "corporate"
	if strings.EqualFold(vendorio.String(m, "general", "appleEnrollmentType"), "user") {
		d.Ownership = "personal"
	}
	if v, ok := vendorio.Bool(m, "general", "remoteManagement", "managed"); ok {
		d.Managed = v
	} else {
		d.Managed = vendorio.String(m, "general", "managementId") != ""
	}

	if ul, ok := vendorio.Get(m, "userAndLocation").(map[string]any); ok {
		d.UserID = strings.TrimSpace(vendorio.String(ul, "email"))
		if d.UserID == "" {
			d.UserID = strings.TrimSpace(vendorio.String(ul, "username"))
		}
		if d.UserID == "" {
			d.Shared = true
			t.sharedNoUser++
		}
	} else {
		t.noUserSection++
	}

	var known bool
	d.HardwareKeystore, known = keystore(m, d.OSVersion)
	if !known {
		d.KeystoreUnknown = true
		t.unknownKeystore++
	}
	return evidence.Item{Line: line, Record: d}
}

// keystore says whether the Mac has a Secure Enclave (Apple silicon or a T2
// chip) and whether the inventory told. A missing section is unknown, not false.
func keystore(m map[string]any, version string) (present, known bool) {
	silicon, siliconKnown := vendorio.Bool(m, "hardware", "appleSilicon")
	arch := strings.ToLower(vendorio.String(m, "hardware", "processorArchitecture"))
	cpu := strings.ToLower(vendorio.String(m, "hardware", "processorType"))
	boot := strings.ToUpper(vendorio.String(m, "security", "secureBootLevel"))
	switch {
	case silicon, strings.Contains(arch, "arm"), strings.HasPrefix(cpu, "apple"):
		return true, true
	case boot == "FULL_SECURITY", boot == "MEDIUM_SECURITY", boot == "NO_SECURITY":
		// Startup security settings exist only on Macs with a T2 chip or Apple silicon.
		return true, true
	case vendorio.MajorVersion(version) >= 26:
		// macOS 26 runs only on Apple silicon and on Intel Macs with a T2 chip.
		return true, true
	}
	intel := (siliconKnown && !silicon) || strings.Contains(arch, "x86") || strings.Contains(arch, "i386") || strings.Contains(cpu, "intel")
	if intel && boot == "NOT_SUPPORTED" {
		return false, true
	}
	return false, false
}

// timeLayouts are the Jamf Pro API's date-times, with a zone or (UTC) without.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

func count(n int) string {
	if n == 1 {
		return "1 computer"
	}
	return fmt.Sprintf("%d computers", n)
}
