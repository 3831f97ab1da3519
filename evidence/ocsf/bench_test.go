package ocsf

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
)

// The factor mixes of the generated sign-ins: the auth_factors array and any
// unmapped extras, as an IdP's OCSF mapping would write them.
var benchFactors = []struct{ factors, unmapped string }{
	{`[{"factor_type_id":10,"factor_type":"WebAuthn","provider":"Windows Hello for Business"}]`, ``},
	{`[{"factor_type_id":99,"factor_type":"Okta FastPass (signed nonce)","provider":"Okta Verify","device":{"type_id":3,"os":{"name":"macOS","type_id":300,"version":"14.5.0"}}}]`,
		`,"unmapped":{"debugData":{"factor":"SIGNED_NONCE","factorIntent":"AUTHENTICATION"},"methodUsedVerifiedProperties":"[DEVICE_BOUND, PHISHING_RESISTANT, HARDWARE_PROTECTED]"}`},
	{`[{"factor_type_id":11,"factor_type":"Password"},{"factor_type_id":5,"factor_type":"Push Notification","provider":"Okta Verify"}]`,
		`,"unmapped":{"debugData":{"factor":"OKTA_VERIFY_PUSH","factorIntent":"AUTHENTICATION"}}`},
	{`[{"factor_type_id":10,"factor_type":"Passkey (device-bound)","provider":"FIDO2 security key"}]`, ``},
	{`[{"factor_type_id":11,"factor_type":"Password"},{"factor_type_id":7,"factor_type":"TOTP","provider":"Google Authenticator","is_totp":true}]`, ``},
	{`[{"factor_type_id":11,"factor_type":"Password"}]`, ``},
}

var benchApps = []string{"payroll", "m365", "servicenow", "rostering", "intranet", "vpn", "salesforce", "github", "workday", "jira"}

// writeSignIns writes n realistic OCSF Authentication events as JSON Lines:
// mostly successful logons, some failures and logoffs, with the metadata,
// endpoints and user agent a SIEM export carries.
func writeSignIns(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	var line []byte
	for i := range n {
		ms := start + int64(i)*7_776 + int64(r.IntN(5000))
		activity, status := 1, 1
		switch x := r.IntN(100); {
		case x < 6:
			status = 2
		case x < 9:
			activity = 2
		}
		fx := benchFactors[r.IntN(len(benchFactors))]
		u := r.IntN(20_000)
		line = fmt.Appendf(line[:0], `{"class_uid":3002,"class_name":"Authentication","category_uid":3,"category_name":"Identity & Access Management",`+
			`"activity_id":%d,"type_uid":%d,"time":%d,"time_dt":"%s","severity_id":1,"severity":"Informational",`+
			`"status_id":%d,"is_mfa":true,"auth_protocol_id":99,"auth_protocol":"Other",`+
			`"user":{"uid":"00u%08x","name":"user%05d@northwind.test","email_addr":"user%05d@northwind.test","type_id":1,"type":"User"},`+
			`"actor":{"user":{"uid":"00u%08x"},"session":{"uid":"idx%016x"}},"auth_factors":%s,`+
			`"service":{"name":"%s"},"src_endpoint":{"ip":"198.51.100.%d","location":{"city":"Leeds","country":"GB"}},`+
			`"http_request":{"user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"},`+
			`"metadata":{"version":"1.3.0","product":{"name":"Okta System Log","vendor_name":"Okta"},"original_event_uid":"%016x-%08x","event_code":"user.authentication.auth_via_mfa","log_name":"System Log"}%s}`+"\n",
			activity, 300200+activity, ms, time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z"), status,
			u, u, u, u, r.Uint64(), fx.factors, benchApps[r.IntN(len(benchApps))], r.IntN(250), r.Uint64(), i, fx.unmapped)
		if _, err := w.Write(line); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BenchmarkOCSF1M reads one million Authentication events through the adapter
// and reports throughput (MB/s), events per second and the peak heap in use.
func BenchmarkOCSF1M(b *testing.B) {
	const events = 1_000_000
	path := filepath.Join(b.TempDir(), "signins.jsonl")
	if err := writeSignIns(path, events); err != nil {
		b.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	runtime.GC()

	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})

	a := New()
	seen, records := 0, 0
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		seen, records = 0, 0
		err = a.Read(f, evidence.AuthEvents, func(it evidence.Item) bool {
			switch {
			case it.Problem != "":
				b.Fatalf("line %d: %s", it.Line, it.Problem)
			case it.Record != nil:
				records++
			}
			if it.Line > 0 {
				seen++
			}
			return true
		})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	if seen != events {
		b.Fatalf("read %d events, want %d", seen, events)
	}
	b.ReportMetric(float64(seen)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(records), "sign-ins")
}
