package rest

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/cabinetapp/cabinet/district"
)

// Redacted is what a credential becomes in a message.
const Redacted = "[redacted]"

// Redactor takes credentials out of text in every form a server might
// echo them back in: raw, URL-encoded (either case of hex), JSON-escaped,
// base64 (standard or URL alphabet, padded or not) alone or as the HTTP
// Basic pair "id:secret" (raw and form-encoded, RFC 6749 section 2.3.1),
// and whatever follows an Authorization header, Bearer or Basic.
type Redactor struct {
	r       *strings.Replacer
	secrets []string // raw and form-encoded, to look for in base64
}

var (
	// A credential after an Authorization header (its scheme's name kept)
	// or after a scheme's name: the second group, when credentialLike.
	authorization = regexp.MustCompile(`(?i)(authorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token)\s+)?)([A-Za-z0-9\-._~+/%]+=*)`)
	scheme        = regexp.MustCompile(`(?i)(\b(?:bearer|basic)(?:\s+|%20|\+))([A-Za-z0-9\-._~+/%]+=*)`)
	encodings     = []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding}
)

// NewRedactor redacts secrets, and the Basic pair of each of ids with
// each secret. Empty strings are ignored; ids are not themselves secret.
func NewRedactor(secrets, ids []string) *Redactor {
	var forms, raw []string
	add := func(s string) {
		if s != "" {
			forms = append(forms, s)
		}
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		raw = append(raw, s, url.QueryEscape(s))
		for _, e := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			add(e)
			add(lowerHex(e))
		}
		add(district.Tame(s, len(s)+1))
		add(jsonString(s, false))
		add(jsonString(s, true))
		for _, e := range encodings {
			add(e.EncodeToString([]byte(s)))
		}
		for _, id := range append(ids, "") {
			for _, pair := range []string{id + ":" + s, url.QueryEscape(id) + ":" + url.QueryEscape(s)} {
				for _, e := range encodings {
					add(e.EncodeToString([]byte(pair)))
				}
			}
		}
	}
	// Longest first, so a form that holds another is taken whole.
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	forms = slices.Compact(forms)
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, Redacted)
	}
	return &Redactor{r: strings.NewReplacer(pairs...), secrets: raw}
}

// jsonString is s as it appears inside a JSON string, with or without
// HTML's characters escaped.
func jsonString(s string, html bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	enc.Encode(s)
	q := strings.TrimSpace(b.String())
	return q[1 : len(q)-1]
}

// lowerHex writes the %XX escapes of s in lower case.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lower(b[i+1]), lower(b[i+2])
		}
	}
	return string(b)
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// Redact returns s with the credentials taken out, and a credential that
// follows an Authorization header or the name of a scheme (Bearer, Basic):
// only the credential, never the server's words around it.
func (r *Redactor) Redact(s string) string {
	return redactAfter(scheme, redactAfter(authorization, r.Secrets(s)))
}

// redactAfter replaces the second group of each match of re with Redacted
// where it looks like a credential.
func redactAfter(re *regexp.Regexp, s string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		if !credentialLike(s[m[4]:m[5]]) {
			continue
		}
		b.WriteString(s[last:m[4]])
		b.WriteString(Redacted)
		last = m[5]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// credentialLike tells a token from a word: eight characters or more with
// a digit or a token's punctuation in them, or twenty letters and more.
// "Skills" in "Basic Skills", or "Bearer" before a server's "<token>",
// is a word.
func credentialLike(s string) bool {
	return len(s) >= 20 || len(s) >= 8 && strings.ContainsAny(s, "0123456789-._~+/%=")
}

// Secrets returns s with the credentials taken out, in every form, but
// nothing else: for names, such as a school's or a product's, in which
// "Basic Skills" is not a credential.
func (r *Redactor) Secrets(s string) string {
	if r != nil {
		s = r.r.Replace(s)
		// Base64 of the secret with anything around it, such as the pair
		// with a user name Cabinet was not told of.
		s = r.base64Runs(s)
	}
	return s
}

// base64Runs redacts each run of at least eight base64 characters (either
// alphabet, with its padding) that decodes to text holding a secret. It
// scans by hand: a regular expression costs more than the rest of a sync
// on a server that sends long names.
func (r *Redactor) base64Runs(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !isBase64(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isBase64(s[j]) {
			j++
		}
		k := j
		for k < len(s) && s[k] == '=' {
			k++
		}
		if j-i >= 8 && r.decodesToSecret(s[i:k]) {
			b.WriteString(s[last:i])
			b.WriteString(Redacted)
			last = k
		}
		i = k
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '_' || c == '-'
}

// decodesToSecret reports whether run, in the base64 encodings its
// alphabet and padding allow, decodes to text holding one of the secrets.
func (r *Redactor) decodesToSecret(run string) bool {
	url, std := strings.ContainsAny(run, "-_"), strings.ContainsAny(run, "+/")
	padded := strings.HasSuffix(run, "=")
	for _, e := range encodings {
		isURL := e == base64.URLEncoding || e == base64.RawURLEncoding
		isPadded := e == base64.StdEncoding || e == base64.URLEncoding
		if url && !isURL || std && isURL || padded != isPadded {
			continue
		}
		b, err := e.DecodeString(run)
		if err != nil {
			continue
		}
		for _, secret := range r.secrets {
			if strings.Contains(string(b), secret) {
				return true
			}
		}
	}
	return false
}

// Clean makes a message safe to show and store: Redact first, then tame
// (and Redact again what taming joined, a credential an escape sequence
// split), and only then cut to limit characters, so that no credential is
// cut in two and half of it kept.
func (r *Redactor) Clean(s string, limit int) string {
	return district.Cut(r.Redact(district.Tame(r.Redact(s), math.MaxInt)), limit)
}
