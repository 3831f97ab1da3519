// Package signing signs report files with Ed25519 and checks those signatures,
// so an auditor can tell that a report was not edited after it was written.
// Keys are PEM files (PKCS#8 private, PKIX public); a signature is a small
// detached text file over the exact bytes of the report.
package signing

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// File names written by WriteKeyPair.
const (
	PrivateKeyFile = "assure-signing.key"
	PublicKeyFile  = "assure-signing.pub"
)

// The first line of a signature file names its format. Version 2 also
// carries the public key, so that a signature can be checked against the
// key it names when no key is given (self-consistency: not who signed);
// version 1 files, without it, are still read.
const (
	header   = "assure-signature-v2"
	headerV1 = "assure-signature-v1"
)

// MaxSignatureSize is the most a signature file may be; one assure writes
// is under 200 bytes.
const MaxSignatureSize = 4 << 10

// ErrNoPublicKey: a version 1 signature file does not carry the public key,
// so it can be checked only against a key given.
var ErrNoPublicKey = errors.New("the signature file (version 1) does not carry its public key, so it can be checked only with the signer's public key")

// GenerateKeyPair makes a new key pair from rand (crypto/rand when nil).
func GenerateKeyPair(r io.Reader) (ed25519.PublicKey, ed25519.PrivateKey, error) {
	if r == nil {
		r = rand.Reader
	}
	return ed25519.GenerateKey(r)
}

// WriteKeyPair writes a new key pair into dir: the private key readable by its
// owner only (0600), the public key (0644). It refuses to overwrite.
func WriteKeyPair(dir string) (privPath, pubPath string, err error) {
	pub, priv, err := GenerateKeyPair(nil)
	if err != nil {
		return "", "", err
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", "", err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	privPath, pubPath = filepath.Join(dir, PrivateKeyFile), filepath.Join(dir, PublicKeyFile)
	for _, p := range []string{privPath, pubPath} {
		if _, err := os.Stat(p); err == nil {
			return "", "", fmt.Errorf("%s exists; keygen never overwrites a key", p)
		}
	}
	if err := writeNew(privPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}), 0o600); err != nil {
		return "", "", err
	}
	if err := writeNew(pubPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644); err != nil {
		return "", "", err
	}
	return privPath, pubPath, nil
}

func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(mode); err != nil { // the umask may have narrowed or widened it
		f.Close()
		return err
	}
	return f.Close()
}

// ParsePrivateKey reads a PKCS#8 PEM Ed25519 private key.
func ParsePrivateKey(pemBytes []byte) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("not a PEM private key (want a PKCS#8 \"PRIVATE KEY\" block, as assure keygen writes)")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a PKCS#8 private key: %w", err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("a %T key; want Ed25519", k)
	}
	return priv, nil
}

// ParsePublicKey reads a PKIX PEM Ed25519 public key.
func ParsePublicKey(pemBytes []byte) (ed25519.PublicKey, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, errors.New("not a PEM public key (want a PKIX \"PUBLIC KEY\" block, as assure keygen writes)")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a PKIX public key: %w", err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("a %T key; want Ed25519", k)
	}
	return pub, nil
}

// Fingerprint names a public key: SHA256: and the unpadded base64 of the
// SHA-256 of its PKIX encoding, as OpenSSH prints fingerprints.
func Fingerprint(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(der)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// Sign returns the detached signature file for data. Ed25519 is deterministic,
// so the same key and bytes always give the same file.
func Sign(data []byte, priv ed25519.PrivateKey) []byte {
	sig := ed25519.Sign(priv, data)
	pub := priv.Public().(ed25519.PublicKey)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nkey: %s\npublic-key: %s\nsignature: %s\n", header, Fingerprint(pub),
		base64.StdEncoding.EncodeToString(pub), base64.StdEncoding.EncodeToString(sig))
	return b.Bytes()
}

// Signature is a parsed signature file.
type Signature struct {
	Key       string            // fingerprint of the signing key
	PublicKey ed25519.PublicKey // the signing key; nil in a version 1 file
	Signature []byte
}

// ParseSignature reads a signature file of version 1 or 2. The public key
// of a version 2 file must have the fingerprint the file names.
func ParseSignature(text []byte) (*Signature, error) {
	if len(text) > MaxSignatureSize {
		return nil, fmt.Errorf("%d bytes: not an assure signature file (one is under %d bytes)", len(text), MaxSignatureSize)
	}
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	first := strings.TrimSpace(lines[0])
	if first == headerV1 && len(lines) != 3 || first == header && len(lines) != 4 || first != header && first != headerV1 {
		return nil, fmt.Errorf("not an assure signature file (want %q, a key line, a public-key line and a signature line)", header)
	}
	s := &Signature{}
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(strings.TrimSpace(l), ": ")
		switch {
		case !ok:
			return nil, fmt.Errorf("malformed line %q", l)
		case name == "key":
			s.Key = value
		case name == "public-key" && first == header:
			pub, err := base64.StdEncoding.DecodeString(value)
			if err != nil || len(pub) != ed25519.PublicKeySize {
				return nil, errors.New("the public-key line is not a base64 Ed25519 public key")
			}
			s.PublicKey = pub
		case name == "signature":
			sig, err := base64.StdEncoding.DecodeString(value)
			if err != nil || len(sig) != ed25519.SignatureSize {
				return nil, errors.New("the signature is not a base64 Ed25519 signature")
			}
			s.Signature = sig
		default:
			return nil, fmt.Errorf("unknown field %q", name)
		}
	}
	if s.Key == "" || s.Signature == nil || first == header && s.PublicKey == nil {
		return nil, errors.New("the signature file lacks its key, public-key or signature line")
	}
	if s.PublicKey != nil && Fingerprint(s.PublicKey) != s.Key {
		return nil, fmt.Errorf("the file names key %s but carries the public key %s", s.Key, Fingerprint(s.PublicKey))
	}
	return s, nil
}

// Verify checks a signature file over data with pub. It fails when the file was
// made with another key, or when a single byte of data differs.
func Verify(data, sigFile []byte, pub ed25519.PublicKey) error {
	s, err := ParseSignature(sigFile)
	if err != nil {
		return err
	}
	if fp := Fingerprint(pub); s.Key != fp {
		return fmt.Errorf("signed with key %s, not with the given key %s", s.Key, fp)
	}
	return s.check(data, pub)
}

// SelfCheck checks the signature over data against the public key the file
// carries: it shows that data is what was signed and that the file is whole,
// not who signed, since anyone can sign with a key of their own. A version 1
// file gives ErrNoPublicKey.
func (s *Signature) SelfCheck(data []byte) error {
	if s.PublicKey == nil {
		return ErrNoPublicKey
	}
	return s.check(data, s.PublicKey)
}

func (s *Signature) check(data []byte, pub ed25519.PublicKey) error {
	if !ed25519.Verify(pub, data, s.Signature) {
		return errors.New("the signature does not match the report's bytes: the report was changed after it was signed")
	}
	return nil
}
