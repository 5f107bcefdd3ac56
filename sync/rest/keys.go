package rest

import (
	"encoding/json"
	"strings"
)

// minPiece is the shortest line of a key's body taken as a piece of it:
// shorter ones (the last line may be a few characters) could be any text.
const minPiece = 16

// KeyPieces are the parts of secret that are as secret as the whole when
// it holds a PEM private key, alone or in a JSON key file's private_key (a
// Google service account key): the key's PEM text, its base64 body on one
// line, and each line of the body. A message quoting any of them must not
// reach a person, though it does not quote the whole secret. A secret
// without a private key has no pieces.
func KeyPieces(secret string) []string {
	text := secret
	var file struct {
		PrivateKey string `json:"private_key"`
	}
	if json.Unmarshal([]byte(secret), &file) == nil && file.PrivateKey != "" {
		text = file.PrivateKey
	}
	var out []string
	for {
		begin := strings.Index(text, "-----BEGIN ")
		if begin < 0 {
			return out
		}
		body := text[begin:]
		// The armour's line ends the header; "-----END " starts the footer.
		open := strings.Index(body[len("-----BEGIN "):], "-----")
		end := strings.Index(body, "-----END ")
		if open < 0 || end < 0 {
			return out
		}
		stop := end + len("-----END ")
		if close := strings.Index(body[stop:], "-----"); close >= 0 {
			stop += close + len("-----")
		} else {
			stop = len(body)
		}
		out = append(out, body[:stop])
		var joined strings.Builder
		for _, line := range strings.Fields(body[len("-----BEGIN ")+open+len("-----") : end]) {
			joined.WriteString(line)
			if len(line) >= minPiece {
				out = append(out, line)
			}
		}
		if joined.Len() >= minPiece {
			out = append(out, joined.String())
		}
		text = body[stop:]
	}
}
