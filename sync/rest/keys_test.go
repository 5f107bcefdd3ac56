package rest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"
)

// TestKeyPieces: a message that quotes a private key's PEM, a line of it
// or its body on one line loses it, whether the secret is the PEM or a
// JSON key file holding it.
func TestKeyPieces(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	text := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	file, _ := json.Marshal(map[string]string{"type": "service_account", "private_key_id": "0123abcd", "private_key": text,
		"client_email": "fleet@district.iam.gserviceaccount.com"})
	lines := strings.Split(strings.TrimSpace(text), "\n")
	body := strings.Join(lines[1:len(lines)-1], "")
	quotes := map[string]string{
		"the PEM":               "could not parse " + text,
		"the PEM in JSON":       `{"key":` + jsonQuote(text) + `}`,
		"a line of it":          "bad line " + lines[5] + " here",
		"its body on one line":  "der=" + body,
		"its body, URL-encoded": "der=" + strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(body),
	}
	for _, secret := range []string{string(file), text} {
		pieces := KeyPieces(secret)
		if len(pieces) < len(lines) {
			t.Fatalf("%d pieces from a key of %d lines", len(pieces), len(lines))
		}
		r := NewRedactor(append([]string{secret}, pieces...), nil)
		for what, msg := range quotes {
			got := r.Clean(msg, len(msg)+1)
			for _, line := range lines[1 : len(lines)-2] {
				if strings.Contains(got, line) {
					t.Errorf("%s: a line of the key is left in %q", what, got)
					break
				}
			}
			if !strings.Contains(got, Redacted) {
				t.Errorf("%s: nothing redacted in %q", what, got)
			}
		}
		if got := r.Clean("fleet@district.iam.gserviceaccount.com has no access", 100); got != "fleet@district.iam.gserviceaccount.com has no access" {
			t.Errorf("a message without the key changed: %q", got)
		}
	}
	for _, secret := range []string{"", "plain-token", `{"private_key":"none"}`, "-----BEGIN PRIVATE KEY-----\nAAAA"} {
		if got := KeyPieces(secret); len(got) != 0 {
			t.Errorf("KeyPieces(%q) = %q", secret, got)
		}
	}
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
