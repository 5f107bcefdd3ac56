package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"unicode/utf8"
)

// minToken is the shortest token districtd accepts: anything shorter can
// be guessed by a client that keeps trying.
const minToken = 16

// errUsage marks a refusal that is a mistake in the command line.
var errUsage = errors.New("usage")

// token finds the token clients must send: from --token-file, --token or
// $DISTRICTD_TOKEN, in that order. A file others can read and a token
// shorter than minToken characters are refused, in a sentence.
func token(flagToken, file string, getenv func(string) string, stderr io.Writer) (string, error) {
	var tok, from string
	switch {
	case flagToken != "" && file != "":
		return "", fmt.Errorf("%w: give the token with --token-file or --token, not both", errUsage)
	case file != "":
		t, err := readTokenFile(file)
		if err != nil {
			return "", err
		}
		tok, from = t, "in "+file
	case flagToken != "":
		fmt.Fprintf(stderr, "districtd: warning: a token given with --token can be read by every user of this computer in the process list; use --token-file or %s\n", TokenEnv)
		tok, from = flagToken, "given with --token"
	default:
		tok, from = getenv(TokenEnv), "in "+TokenEnv
	}
	if tok == "" {
		return "", fmt.Errorf("%w: set the token clients must send with --token-file or %s", errUsage, TokenEnv)
	}
	if n := utf8.RuneCountInString(tok); n < minToken {
		return "", fmt.Errorf("the token %s is %d characters; use at least %d, such as the output of: openssl rand -hex 16", from, n, minToken)
	}
	return tok, nil
}

// readTokenFile reads a token from a file only its owner can read.
func readTokenFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("reading the token: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("reading the token: %w", err)
	}
	// Windows keeps no such bits; its files are private by their ACLs.
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("the token file %s can be read by other users of this computer (permissions %s); make it readable by its owner only: chmod 600 %s", path, st.Mode().Perm(), path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 4<<10))
	if err != nil {
		return "", fmt.Errorf("reading the token: %w", err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("the token file %s is empty", path)
	}
	return t, nil
}
