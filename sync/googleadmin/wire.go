package googleadmin

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/sync/decode"
)

// Fields is the fields mask of every page asked for: what is counted, and
// the device id, which only tells a listing that repeats itself (the
// shared guard keeps a hash of each id for the length of one sync; no id
// is stored). Google then leaves out serial numbers, users, recent users,
// MAC and IP addresses and the fields administrators annotate, and the
// decoder has no place for them should a server send them all the same.
const Fields = "nextPageToken,chromeosdevices(deviceId,status,lastSync,orgUnitPath,autoUpdateThrough,autoUpdateExpiration)"

// Page is one page of chromeosdevices.list.
type Page struct {
	Devices []Device `json:"chromeosdevices"`
	// Next is the pageToken of the page after this one; "" on the last.
	Next string `json:"nextPageToken"`
}

// Device is the part of a ChromeOsDevice that Cabinet reads.
type Device struct {
	// ID is Google's id of the device, read only to end a listing that
	// repeats a device; never stored.
	ID string `json:"deviceId"`
	// Status is ACTIVE for a device enrolled in the domain; DISABLED,
	// DEPROVISIONED, PRE_PROVISIONED, INACTIVE and others are not in
	// service.
	Status string `json:"status"`
	// LastSync is when the device last synced its policies.
	LastSync Stamp `json:"lastSync"`
	// OrgUnitPath is the organizational unit the device is in:
	// "/Students/Adams Elementary".
	OrgUnitPath string `json:"orgUnitPath"`
	// AutoUpdateThrough is the last day the device receives ChromeOS
	// updates; AutoUpdateExpiration, deprecated, is the same as
	// milliseconds since 1970, read when the other is missing.
	AutoUpdateThrough    Stamp `json:"autoUpdateThrough"`
	AutoUpdateExpiration Stamp `json:"autoUpdateExpiration"`
}

// Stamp is one of Google's times: RFC 3339 ("2026-03-14T09:12:44.123Z"),
// a date ("2027-06-30"), or milliseconds since 1970 as a string or a
// number (the deprecated autoUpdateExpiration). A stamp that is missing or
// cannot be read is zero: one odd device must not stop a district's fleet
// from counting.
type Stamp struct {
	time.Time
	// Bad is true when a stamp was given but could not be read.
	Bad bool
}

// UnmarshalJSON reads any of the stamp's shapes.
func (s *Stamp) UnmarshalJSON(b []byte) error {
	*s = Stamp{}
	b = bytes.TrimSpace(b)
	var text string
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '"':
		if json.Unmarshal(b, &text) != nil {
			s.Bad = true
			return nil
		}
	default:
		text = string(b)
	}
	s.Time, s.Bad = parseStamp(text)
	return nil
}

// parseStamp reads a stamp's text; "" is no stamp. Stamps before 2000 or
// after 2200 are taken as unreadable: no ChromeOS device has them.
func parseStamp(text string) (time.Time, bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}, false
	}
	var t time.Time
	var err error
	switch {
	case len(text) == len(time.DateOnly):
		t, err = time.Parse(time.DateOnly, text)
	case strings.ContainsAny(text, "-:"):
		t, err = time.Parse(time.RFC3339Nano, text)
	default:
		var ms int64
		if ms, err = strconv.ParseInt(text, 10, 64); err == nil {
			t = time.UnixMilli(ms)
		}
	}
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		return time.Time{}, true
	}
	return t.UTC(), false
}

// DecodePage reads one page of GET .../devices/chromeos. A listing with
// no devices comes back as "{}".
func DecodePage(body []byte) (Page, error) {
	var p Page
	if err := decode.JSON(body, &p); err != nil {
		return Page{}, err
	}
	return p, nil
}
