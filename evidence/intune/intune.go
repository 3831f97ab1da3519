// Package intune reads the Microsoft Intune device export ("intune-csv") as the
// devices kind: the admin centre's Devices > All devices > Export file, with its
// friendly headers ("Device ID", "Primary user UPN", "Last check-in"), and the
// Graph exportJobs CSV of the same report, with PascalCase headers ("DeviceId",
// "UPN", "LastContact") and, when asked for, "<column>_loc" companions holding
// the localised value of a coded column.
//
// See docs/adapters/devices.md for the mapping and what it approximates.
package intune

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/assure-dev/assure/evidence"
	"github.com/assure-dev/assure/evidence/vendorio"
)

// Format is the manifest's format value.
const Format = "intune-csv"

// New returns the intune-csv adapter.
func New() evidence.Adapter {
	return evidence.Adapter{Format: Format, Kinds: []evidence.Kind{evidence.Devices}, Note: note, Decode: decodeCSV}
}

// Column names, portal style first, then the exportJobs spelling. Matching
// ignores case and repeated spaces.
var (
	colID        = []string{"Device ID", "DeviceId", "Intune device ID", "IntuneDeviceId"}
	colOS        = []string{"OS", "Operating system"}
	colVersion   = []string{"OS version", "OSVersion", "Operating system version"}
	colLastSeen  = []string{"Last check-in", "LastContact", "Last check in", "LastSyncDateTime", "Last sync"}
	colUser      = []string{"Primary user UPN", "UPN", "UserPrincipalName", "Primary user email address", "UserEmail", "PrimaryUser", "UserId"}
	colOwnership = []string{"Ownership", "OwnerType_loc", "OwnerType", "Owner type", "Device ownership"}
	colManagedBy = []string{"Managed by", "ManagedBy", "ManagementAgents_loc", "Management agent", "ManagementAgents"}
	colManaged   = []string{"IsManaged", "GraphDeviceIsManaged", "Managed"}
	colShared    = []string{"Shared device", "SharedDevice", "Is shared device", "IsSharedDevice"}
	colHints     = []string{"Enrollment profile", "Enrollment profile name", "EnrollmentProfileName", "Category", "CategoryName", "Device category", "Enrollment type", "EnrollmentType_loc", "EnrollmentType"}
	colTPM       = []string{"TPM version", "TPMVersion", "TPM specification version", "TpmSpecificationVersion"}
	colArch      = []string{"ProcessorArchitecture_loc", "Processor architecture", "ProcessorArchitecture"}
)

// sharedHints are words in an enrolment profile, category or enrolment type
// that name a device used by several people.
var sharedHints = []string{"shared", "kiosk", "dedicated", "self-deploying", "self deploying", "userless", "multi-user", "multi user"}

// note says, once per source, what the export cannot tell and how it is read.
const note = "Intune device export: times without a zone are read as UTC; ownership \"Unknown\" is counted as personal; " +
	"a device without a primary user, or whose enrolment profile, category or enrolment type names a shared, kiosk or " +
	"dedicated use, is counted as shared; the hardware key store is taken from a TPM version column (Windows), from " +
	"iOS/iPadOS 13 or later (every such device has a Secure Enclave), or from an ARM processor (ProcessorArchitecture 12, " +
	"ARM64) or macOS 26 or later (Macs), and is otherwise unknown: such a device's readiness cannot be judged"

type tally struct {
	unknownKeystore map[string]int
	unknownOwner    int
	sharedNoUser    int
}

func decodeCSV(r io.Reader, _ evidence.Kind, emit func(evidence.Item) bool) error {
	var hasTPM, hasArch bool
	keys := vendorio.RequireColumns(colID, colOS, colVersion, colLastSeen)
	check := func(h vendorio.Header) error {
		hasTPM, hasArch = h.Has(colTPM...), h.Has(colArch...)
		return keys(h)
	}
	t := tally{unknownKeystore: map[string]int{}}
	more := true
	err := vendorio.CSVRows(r, check, func(row *vendorio.Row) bool {
		more = emit(mapRow(row, &t))
		return more
	})
	if err != nil || !more {
		return err
	}
	finish(&t, hasTPM, hasArch, emit)
	return nil
}

// finish emits the counted approximations, without naming any device or person.
func finish(t *tally, hasTPM, hasArch bool, emit func(evidence.Item) bool) {
	var parts []string
	names := map[string]string{"windows": "Windows", "macos": "macOS", "android": "Android", "linux": "Linux", "chromeos": "ChromeOS", "ios": "iOS/iPadOS"}
	for _, p := range []string{"windows", "macos", "android", "linux", "chromeos", "ios"} {
		if n := t.unknownKeystore[p]; n > 0 {
			why := map[string]string{
				"windows":  "no TPM version",
				"macos":    "an Intel processor, which has a Secure Enclave only with a T2 chip the export does not show, or no processor architecture",
				"android":  "the export has no StrongBox column",
				"linux":    "the export has no TPM column for Linux",
				"chromeos": "the export has no key store column for ChromeOS",
				"ios":      "OS version before 13",
			}[p]
			if p == "windows" && !hasTPM {
				why = "the export has no TPM version column"
			}
			if p == "macos" && !hasArch {
				why = "the export has no processor architecture column"
			}
			parts = append(parts, fmt.Sprintf("%s, %s (%s)", names[p], count(n, "device", "devices"), why))
		}
	}
	if len(parts) > 0 {
		emit(evidence.Item{Note: "hardware key store unknown, so whether these devices are ready cannot be judged and devices.ready_share " +
			"is a lower bound: " + strings.Join(parts, "; ")})
	}
	if t.unknownOwner > 0 {
		emit(evidence.Item{Note: count(t.unknownOwner, "device", "devices") + " with ownership Unknown (or blank) counted as personal"})
	}
	if t.sharedNoUser > 0 {
		emit(evidence.Item{Note: count(t.sharedNoUser, "device", "devices") + " without a primary user counted as shared"})
	}
}

// column names the column a value came from, as the export spells it.

func mapRow(row *vendorio.Row, t *tally) evidence.Item {
	line := row.Line
	d := evidence.Device{DeviceID: row.Get(colID...)}
	if d.DeviceID == "" {
		return evidence.ProblemAt(line, row.Column(colID...), "empty device id; want the Intune device ID")
	}
	osName := row.Get(colOS...)
	if osName == "" {
		return evidence.ProblemAt(line, row.Column(colOS...), "empty OS; want Windows, macOS, iOS, iPadOS, Android, Linux or ChromeOS")
	}
	p, ok := platform(osName)
	if !ok {
		return evidence.Item{Line: line, Skip: "OS " + strings.ToLower(osName)}
	}
	d.Platform = p
	raw := row.Get(colVersion...)
	v, ok := vendorio.LeadingVersion(raw)
	if !ok {
		return evidence.ProblemAt(line, row.Column(colVersion...), fmt.Sprintf("%q; want a dotted numeric OS version such as 10.0.22631.3593 or 17.5.1", raw))
	}
	d.OSVersion = v
	rawTime := row.Get(colLastSeen...)
	if rawTime == "" {
		return evidence.ProblemAt(line, row.Column(colLastSeen...), "empty last check-in; want the date and time the device last checked in")
	}
	seen, ok := vendorio.ParseTime(strings.ToUpper(rawTime), timeLayouts)
	if !ok {
		return evidence.ProblemAt(line, row.Column(colLastSeen...), fmt.Sprintf("%q is a date in an unknown format; want yyyy-MM-dd HH:mm:ss, ISO 8601 or M/d/yyyy h:mm:ss AM/PM", rawTime))
	}
	d.LastSeen = seen

	switch o := strings.ToLower(row.Get(colOwnership...)); o {
	case "corporate", "company", "1":
		d.Ownership = "corporate"
	case "personal", "2":
		d.Ownership = "personal"
	case "unknown", "0", "":
		d.Ownership = "personal"
		t.unknownOwner++
	default:
		return evidence.ProblemAt(line, row.Column(colOwnership...), fmt.Sprintf("%q; want Corporate, Personal or Unknown", row.Get(colOwnership...)))
	}

	d.Managed = managed(row)
	d.UserID = row.Get(colUser...)
	d.Shared, ok = vendorio.ParseBool(row.Get(colShared...))
	if !ok {
		if d.UserID == "" {
			d.Shared = true
			t.sharedNoUser++
		} else {
			d.Shared = hinted(row.All(colHints...))
		}
	}
	if d.Shared {
		d.UserID = "" // a shared device has no primary user (native devices kind)
	}

	ks, known := keystore(d.Platform, d.OSVersion, row.Get(colTPM...), row.Get(colArch...))
	d.HardwareKeystore, d.KeystoreUnknown = ks, !known
	if !known {
		t.unknownKeystore[d.Platform]++
	}
	return evidence.Item{Line: line, Record: d}
}

// platform maps Intune's OS column onto the platform vocabulary.
func platform(os string) (string, bool) {
	s := strings.ToLower(strings.TrimSpace(os))
	switch {
	case strings.HasPrefix(s, "windows"):
		return "windows", true
	case strings.HasPrefix(s, "macos"), strings.HasPrefix(s, "mac os"), s == "mac", s == "macmdm", s == "osx", s == "os x":
		return "macos", true
	case strings.HasPrefix(s, "ios"), strings.HasPrefix(s, "ipados"), s == "iphone", s == "ipad":
		return "ios", true
	case strings.HasPrefix(s, "android"):
		return "android", true
	case s == "linux", strings.HasPrefix(s, "ubuntu"), strings.HasPrefix(s, "red hat"), strings.HasPrefix(s, "rhel"):
		return "linux", true
	case s == "chromeos", s == "chrome os", s == "chromebook":
		return "chromeos", true
	}
	return "", false
}

// timeLayouts are the export's date-times; those without a zone are UTC. AM
// and PM are matched in upper case, as Go's parser wants them.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"1/2/2006 3:04:05 PM",
	"1/2/2006 3:04 PM",
}

func hinted(values []string) bool {
	for _, v := range values {
		v = strings.ToLower(v)
		for _, h := range sharedHints {
			if strings.Contains(v, h) {
				return true
			}
		}
	}
	return false
}

// managed reads whether Intune (or co-management) manages the device. A device
// only known through Exchange ActiveSync or Defender security settings
// management is in the list without being enrolled.
func managed(row *vendorio.Row) bool {
	if v, ok := vendorio.ParseBool(row.Get(colManaged...)); ok {
		return v
	}
	switch strings.ToLower(row.Get(colManagedBy...)) {
	case "mde", "microsoft defender for endpoint", "eas", "exchange activesync", "none", "unmanaged":
		return false
	}
	return true
}

// keystore says whether the device has a hardware key store (TPM 2.0, Secure
// Enclave, StrongBox) and whether the export told.
func keystore(platform, version, tpm, arch string) (present, known bool) {
	switch platform {
	case "windows":
		return tpmVersion(tpm)
	case "ios":
		// Every iPhone and iPad that runs iOS or iPadOS 13 has a Secure Enclave
		// (A8 and later).
		if vendorio.MajorVersion(version) >= 13 {
			return true, true
		}
	case "macos":
		// Apple silicon has a Secure Enclave; an Intel Mac only with a T2
		// chip, which the export does not show.
		if architecture(arch) == "arm64" {
			return true, true
		}
		// macOS 26 runs only on Apple silicon and on Intel Macs with a T2 chip.
		if vendorio.MajorVersion(version) >= 26 {
			return true, true
		}
	}
	return false, false
}

// architecture reads the ProcessorArchitecture column: Microsoft's codes for
// the DevicesWithInventory report (Intune Graph reports reference,
// MicrosoftDocs/memdocs intune/device-management/reports/
// ref-graph-available-reports.md: on Windows 9 x64, 5 ARM, 12 ARM64, 0 x86;
// on macOS 9 x64, 12 ARM64; anything else unknown) or the names the portal
// and the _loc column show. It returns "arm64", "arm", "x64", "x86" or "".
func architecture(s string) string {
	a := strings.ToLower(strings.TrimSpace(s))
	switch a {
	case "12":
		return "arm64"
	case "5":
		return "arm"
	case "9":
		return "x64"
	case "0":
		return "x86"
	}
	switch {
	case strings.Contains(a, "arm64"), strings.Contains(a, "aarch64"), strings.Contains(a, "apple"):
		return "arm64"
	case strings.Contains(a, "arm"):
		return "arm"
	case strings.Contains(a, "x64"), strings.Contains(a, "amd64"), strings.Contains(a, "x86_64"), strings.Contains(a, "intel"):
		return "x64"
	case strings.Contains(a, "x86"):
		return "x86"
	}
	return ""
}

func tpmVersion(s string) (present, known bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "unknown" {
		return false, false
	}
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.') {
		end++
	}
	if f, err := strconv.ParseFloat(s[:end], 64); err == nil {
		return f >= 2, true
	}
	switch s {
	case "none", "not present", "not available", "not supported", "no", "false":
		return false, true
	}
	return false, false
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
