package signing

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestSignAndVerify(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	privPath, pubPath, err := WriteKeyPair(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(privPath)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("private key mode %v, want 0600 (%v)", fi.Mode().Perm(), err)
	}
	if _, _, err := WriteKeyPair(dir); err == nil {
		t.Error("keygen overwrote an existing key")
	}
	privPEM, _ := os.ReadFile(privPath)
	pubPEM, _ := os.ReadFile(pubPath)
	priv, err := ParsePrivateKey(privPEM)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey(pubPEM)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(`{"schema_version": "1", "organization": "Zürich Städtische Werke"}` + "\n")
	sig := Sign(data, priv)
	if !bytes.Equal(sig, Sign(data, priv)) {
		t.Error("signatures differ for the same bytes and key")
	}
	if err := Verify(data, sig, pub); err != nil {
		t.Fatalf("valid signature rejected: %v", err)
	}
	for i := range data {
		tampered := bytes.Clone(data)
		tampered[i] ^= 0x01
		if err := Verify(tampered, sig, pub); err == nil {
			t.Fatalf("a change of byte %d went unnoticed", i)
		}
	}
	otherPub, _, _ := GenerateKeyPair(nil)
	if err := Verify(data, sig, otherPub); err == nil || !strings.Contains(err.Error(), "not with the given key") {
		t.Errorf("wrong key: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, text, want string }{
		{"not a signature", "hello", "not an assure signature file"},
		{"bad base64", "assure-signature-v1\nkey: SHA256:x\nsignature: !!\n", "not a base64 Ed25519 signature"},
		{"unknown field", "assure-signature-v1\nkey: SHA256:x\nsalt: y\n", "unknown field"},
	}
	for _, c := range cases {
		if _, err := ParseSignature([]byte(c.text)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := ParsePrivateKey([]byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")); err == nil {
		t.Error("a public key was accepted as private")
	}
	if _, err := ParsePublicKey(nil); err == nil {
		t.Error("empty public key accepted")
	}
}

func FuzzParseSignature(f *testing.F) {
	f.Add("assure-signature-v1\nkey: SHA256:abc\nsignature: " + strings.Repeat("A", 86) + "==\n")
	f.Add("assure-signature-v2\nkey: SHA256:abc\npublic-key: " + strings.Repeat("A", 43) + "=\nsignature: " + strings.Repeat("A", 86) + "==\n")
	f.Add("x")
	f.Fuzz(func(t *testing.T, text string) {
		ParseSignature([]byte(text))
	})
}

// A version 2 file carries the public key: it can be checked without one
// (self-consistency, not who signed); its named and carried keys must agree;
// version 1 files still parse and verify with the key given.
func TestSelfCheckAndVersions(t *testing.T) {
	t.Parallel()
	pub, priv, _ := GenerateKeyPair(nil)
	data := []byte("report bytes\n")
	file := Sign(data, priv)
	s, err := ParseSignature(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SelfCheck(data); err != nil {
		t.Errorf("self-check of an untouched report: %v", err)
	}
	if err := s.SelfCheck(append(data, ' ')); err == nil {
		t.Error("self-check missed a changed byte")
	}
	otherPub, _, _ := GenerateKeyPair(nil)
	lines := strings.Split(string(file), "\n")
	swapped := strings.Join([]string{lines[0], lines[1], "public-key: " + base64.StdEncoding.EncodeToString(otherPub), lines[3], ""}, "\n")
	if _, err := ParseSignature([]byte(swapped)); err == nil || !strings.Contains(err.Error(), "carries the public key") {
		t.Errorf("a file naming one key and carrying another: %v", err)
	}
	v1 := strings.Join([]string{"assure-signature-v1", lines[1], lines[3], ""}, "\n")
	old, err := ParseSignature([]byte(v1))
	if err != nil {
		t.Fatalf("a version 1 file: %v", err)
	}
	if err := old.SelfCheck(data); !errors.Is(err, ErrNoPublicKey) {
		t.Errorf("self-check of a version 1 file: %v", err)
	}
	if err := Verify(data, []byte(v1), pub); err != nil {
		t.Errorf("a version 1 file with its key: %v", err)
	}
	if _, err := ParseSignature(make([]byte, MaxSignatureSize+1)); err == nil {
		t.Error("a signature file past MaxSignatureSize was parsed")
	}
}
