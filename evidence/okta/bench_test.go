package okta

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assure-dev/assure/evidence"
)

// benchEvent is one System Log event as Log Streaming writes it, with the
// client, security and request context a real event carries.
const benchEvent = `{"actor":{"alternateId":"user%05d@northwind.example","detailEntry":null,"displayName":"User %05d","id":"00u%017d","type":"User"},` +
	`"authenticationContext":{"authenticationProvider":null,"authenticationStep":0,"credentialProvider":null,"credentialType":null,"externalSessionId":"idx%022d","interface":null,"issuer":null},` +
	`"client":{"device":"Computer","geographicalContext":{"city":"Leeds","country":"United Kingdom","geolocation":{"lat":53.7965,"lon":-1.5478},"postalCode":"LS1","state":"England"},"id":null,"ipAddress":"198.51.100.%d",` +
	`"userAgent":{"browser":"CHROME","os":"Windows 10","rawUserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"},"zone":"null"},` +
	`"debugContext":{"debugData":{"authnRequestId":"aR%025d","dtHash":"5f0c3e9a7b1d2c4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e","factor":%q,"factorIntent":"AUTHENTICATION",` +
	`"requestId":"rQ%025d","requestUri":"/idp/idx/challenge/answer","risk":"{level=LOW}","threatSuspected":"false","url":"/idp/idx/challenge/answer?"}},` +
	`"device":null,"displayMessage":%q,"eventType":%q,"legacyEventType":null,"outcome":{"reason":%s,"result":%q},"published":%q,` +
	`"request":{"ipChain":[{"geographicalContext":{"city":"Leeds","country":"United Kingdom","geolocation":{"lat":53.7965,"lon":-1.5478},"postalCode":"LS1","state":"England"},"ip":"198.51.100.%d","source":null,"version":"V4"}]},` +
	`"securityContext":{"asNumber":64496,"asOrg":"example transit","domain":"example.net","isProxy":false,"isp":"example transit"},"severity":"INFO",` +
	`"target":[{"alternateId":"user%05d@northwind.example","detailEntry":null,"displayName":"User %05d","id":"00u%017d","type":"User"},` +
	`{"alternateId":"unknown","detailEntry":{"methodTypeUsed":%q,"methodUsedVerifiedProperties":%q},"displayName":%q,"id":"pfd%017d","type":"AuthenticatorEnrollment"}],` +
	`"transaction":{"detail":{},"id":"rQ%025d","type":"WEB"},"uuid":"%08x-4c1d-11f1-9a2b-0242ac120002","version":"0"}` + "\n"

// writeBenchLog writes n sign-in events: FastPass logins, password-and-push
// logins, WebAuthn logins and rejected pushes, a month of them for 20,000
// people. It returns the file's size and the number of sign-ins in it.
func writeBenchLog(tb testing.TB, path string, n int) (size int64, signIns int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2026, 7, 1, 6, 0, 0, 0, time.UTC)
	type step struct{ factor, msg, typ, result, methodType, props, name string }
	var (
		fastPass = step{"SIGNED_NONCE", "Authentication of user via MFA", "user.authentication.auth_via_mfa", "SUCCESS", "Use Okta FastPass", "[DEVICE_BOUND, PHISHING_RESISTANT, HARDWARE_PROTECTED]", "Okta Verify"}
		password = step{"PASSWORD_AS_FACTOR", "Authentication of user via MFA", "user.authentication.auth_via_mfa", "SUCCESS", "Password", "[USER_PRESENCE]", "Password"}
		pushOK   = step{"OKTA_VERIFY_PUSH", "Authentication of user via MFA", "user.authentication.auth_via_mfa", "SUCCESS", "Get a push notification", "[USER_PRESENCE]", "Okta Verify"}
		pushNo   = step{"OKTA_VERIFY_PUSH", "Authentication of user via MFA", "user.authentication.auth_via_mfa", "FAILURE", "Get a push notification", "[USER_PRESENCE]", "Okta Verify"}
		webAuthn = step{"FIDO_WEBAUTHN", "Authentication of user via MFA", "user.authentication.auth_via_mfa", "SUCCESS", "Security Key or Biometric", "[USER_VERIFYING, PHISHING_RESISTANT]", "Security Key or Biometric"}
		start    = step{"", "User login to Okta", "user.session.start", "SUCCESS", "", "", "Okta Verify"}
	)
	flows := [][]step{{fastPass, start}, {password, pushOK, start}, {webAuthn, start}, {pushNo}}
	weights := []float64{0.45, 0.35, 0.1, 0.1}
	var buf []byte
	for events, login := 0, 0; events < n; login++ {
		x, flow := r.Float64(), flows[len(flows)-1]
		for i, wt := range weights {
			if x < wt {
				flow = flows[i]
				break
			}
			x -= wt
		}
		user := r.IntN(20000)
		t := at.Add(time.Duration(login) * 6 * time.Second)
		for _, s := range flow {
			if events == n {
				break
			}
			reason := "null"
			if s.result == "FAILURE" {
				reason = `"INVALID_CREDENTIALS"`
			}
			t = t.Add(time.Duration(300+r.IntN(4000)) * time.Millisecond)
			ip := 1 + user%250
			buf = fmt.Appendf(buf[:0], benchEvent, user, user, user, login, ip, login, s.factor, events, s.msg, s.typ, reason, s.result,
				t.Format("2006-01-02T15:04:05.000Z"), ip, user, user, user, s.methodType, s.props, s.name, user, events, events)
			w.Write(buf)
			events++
		}
		signIns++
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return st.Size(), signIns
}

// BenchmarkSystemLog1M reads 1,000,000 sign-in events (JSON Lines) as
// auth_events, reporting MB/s, events/s and the peak heap in use.
func BenchmarkSystemLog1M(b *testing.B) {
	const n = 1_000_000
	path := filepath.Join(b.TempDir(), "systemlog.jsonl")
	size, logins := writeBenchLog(b, path, n)
	b.SetBytes(size)
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	b.ResetTimer()
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		records := 0
		err = NewSystemLog().Read(f, evidence.AuthEvents, func(it evidence.Item) bool {
			if it.Problem != "" {
				b.Fatalf("line %d: %s", it.Line, it.Problem)
			}
			if it.Record != nil {
				records++
			}
			return true
		})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if records != logins {
			b.Fatalf("%d sign-ins, want %d", records, logins)
		}
	}
	b.StopTimer()
	close(stop)
	<-done
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
}
