package rest

import (
	"strconv"
	"unicode/utf8"
)

// TextLimit is how many characters of a server's error body reach a
// message.
const TextLimit = 300

// echoLimit is the longest text of a server's that Echo puts in a
// message.
const echoLimit = 100

// Echo gives text a server sent (a date it could not read, a record's
// key) for a message, whole or not at all. Cut, a credential in it could
// be cut in two, and the half left would escape the redactor that every
// message passes through before it is shown or stored; so a longer text
// is only measured.
func Echo(s string) string {
	if n := utf8.RuneCountInString(s); n > echoLimit {
		return "a text of " + strconv.Itoa(n) + " characters"
	}
	return s
}
