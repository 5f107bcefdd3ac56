package rest

import "testing"

// TestRedactKeepsTheServersWords: a credential after an Authorization
// header or a scheme's name goes, whoever's it is (an access token
// Cabinet was given is not among the secrets it was told of); the words
// around it, and a server's placeholder for one, stay.
func TestRedactKeepsTheServersWords(t *testing.T) {
	r := NewRedactor([]string{"s3cret-token-value"}, nil)
	for _, tc := range []struct{ in, want string }{
		{"send the district's token as Authorization: Bearer <token>",
			"send the district's token as Authorization: Bearer <token>"},
		{"Authorization: Bearer ya29.a0AfH6SMBx, which has expired",
			"Authorization: Bearer [redacted], which has expired"},
		{"header Authorization: Basic dXNlcjpwYXNzd29yZA== was refused",
			"header Authorization: Basic [redacted] was refused"},
		{`{"authorization":"Bearer ya29.a0AfH6SMBx","reason":"expired"}`,
			`{"authorization":"Bearer [redacted]","reason":"expired"}`},
		{"authorization=abcdef0123456789 is not a token this server issued",
			"authorization=[redacted] is not a token this server issued"},
		{"the token s3cret-token-value is revoked", "the token [redacted] is revoked"},
		{"Basic Skills and Bearer Creek Elementary", "Basic Skills and Bearer Creek Elementary"},
	} {
		if got := r.Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
