package snipeit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/sync/decode"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// Asset is the part of a row of GET /api/v1/hardware that Cabinet reads.
// Snipe-IT sends much more (name, asset tag, serial, the person it is
// checked out to, notes): none of it is decoded, so none of it can be kept.
type Asset struct {
	ID          int64   `json:"id"`
	Model       *Named  `json:"model"`
	Category    *Named  `json:"category"`
	StatusLabel *Status `json:"status_label"`
	// Location is where the asset is now; RTDLocation where it returns to
	// when checked in. Either may be null.
	Location    *Named `json:"location"`
	RTDLocation *Named `json:"rtd_location"`
	// BYOD assets belong to their users, not to the district's fleet.
	BYOD            flexBool `json:"byod"`
	PurchaseDate    Date     `json:"purchase_date"`
	WarrantyExpires Date     `json:"warranty_expires"`
	EOLDate         Date     `json:"asset_eol_date"`
	// CustomFields are kept raw and read only for the AUE date of a
	// Chromebook: they may hold anything a district chose to record.
	CustomFields json.RawMessage `json:"custom_fields"`
}

// Named is Snipe-IT's reference to another record: {id, name}.
type Named struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Status is an asset's status label.
type Status struct {
	Name string `json:"name"`
	// Type is deployable, pending, undeployable or archived.
	Type string `json:"status_type"`
}

// Status types Snipe-IT gives labels that Cabinet counts apart; a
// deployable one is in service.
const (
	TypePending      = "pending"
	TypeUndeployable = "undeployable"
	TypeArchived     = "archived"
)

// Place is where the asset is, falling back to where it returns to; nil
// when neither is known.
func (a *Asset) Place() *Named {
	if a.Location != nil && a.Location.ID != 0 {
		return a.Location
	}
	if a.RTDLocation != nil && a.RTDLocation.ID != 0 {
		return a.RTDLocation
	}
	return nil
}

// Date is one of Snipe-IT's dates: {"date": "2024-08-01", "formatted":
// "..."}, or in older versions a plain "2024-08-01", or null. A date that
// is missing or cannot be read is zero: one bad row must not stop a
// district's fleet from counting.
type Date struct {
	time.Time
	// Bad is true when a date was given but could not be read.
	Bad bool
}

// UnmarshalJSON reads any of the date's shapes.
func (d *Date) UnmarshalJSON(b []byte) error {
	*d = Date{}
	b = bytes.TrimSpace(b)
	var text string
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '{':
		var obj struct {
			Date     *string `json:"date"`
			Datetime *string `json:"datetime"`
		}
		if err := json.Unmarshal(b, &obj); err != nil {
			d.Bad = true
			return nil
		}
		switch {
		case obj.Date != nil:
			text = *obj.Date
		case obj.Datetime != nil:
			text = *obj.Datetime
		}
	case len(b) > 0 && b[0] == '"':
		if err := json.Unmarshal(b, &text); err != nil {
			d.Bad = true
			return nil
		}
	default:
		d.Bad = true
		return nil
	}
	d.Time, d.Bad = parseDate(text)
	return nil
}

// parseDate reads "2024-08-01", or the date part of "2024-08-01 10:00:00".
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, true
	}
	return t, false
}

// flexBool reads true/false, 1/0 or "1"/"0": Snipe-IT's versions differ.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true", "1", `"1"`, `"true"`:
		*f = true
	default:
		*f = false
	}
	return nil
}

// Location is a row of GET /api/v1/locations. Its manager (a person) is
// not decoded.
type Location struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Parent *Named `json:"parent"`
}

// list is Snipe-IT's paged listing: {"total": N, "rows": [...]}; or, as
// Snipe-IT often answers with 200 OK, {"status": "error", "messages": ...}.
type list[T any] struct {
	Total  *int64 `json:"total"`
	Rows   *[]T   `json:"rows"`
	Status string `json:"status"`
}

// DecodeAssets reads one page of GET /api/v1/hardware.
func DecodeAssets(body []byte) (rest.Page[Asset], error) { return decodeList[Asset](body) }

// DecodeLocations reads one page of GET /api/v1/locations.
func DecodeLocations(body []byte) (rest.Page[Location], error) { return decodeList[Location](body) }

// decodeList reads a page; Next is left for the caller, who knows the
// offset asked for.
func decodeList[T any](body []byte) (rest.Page[T], error) {
	var l list[T]
	if err := decode.JSON(body, &l); err != nil {
		return rest.Page[T]{}, err
	}
	switch {
	case l.Status == "error":
		msg := rest.ErrorDetail(body)
		if msg == "" {
			msg = "it gave no reason"
		}
		return rest.Page[T]{}, fmt.Errorf("the server answered with an error: %s", msg)
	case l.Rows == nil:
		return rest.Page[T]{}, errors.New(`the body has no "rows" list`)
	case l.Total != nil && *l.Total < 0:
		return rest.Page[T]{}, fmt.Errorf("the body's total %d is negative", *l.Total)
	}
	p := rest.Page[T]{Items: *l.Rows, Total: -1}
	if l.Total != nil {
		p.Total = *l.Total
	}
	return p, nil
}

// next sets where the page after p starts: after its rows, while the
// total says more remain (or, without a total, while pages come full).
func next[T any](p rest.Page[T], offset, limit int) rest.Page[T] {
	n := len(p.Items)
	switch {
	case n == 0:
	case p.Total >= 0 && int64(offset+n) < p.Total:
		p.Next = offset + n
	case p.Total < 0 && n >= limit:
		p.Next = offset + n
	}
	return p
}

// aueLayouts are the ways districts write a Chromebook's Auto Update
// Expiration: Google publishes it as a month ("Jun 2027").
var aueLayouts = []struct {
	layout string
	month  bool // names only the month: updates run to its end
}{
	{time.DateOnly, false}, {"01/02/2006", false}, {"1/2/2006", false},
	{"2006-01", true}, {"Jan 2006", true}, {"January 2006", true}, {"01/2006", true}, {"1/2006", true},
}

// aueDate reads a Chromebook's AUE date from its custom fields: the field
// named field (as Snipe-IT shows it, or its database column), or, when
// field is "", the first whose name speaks of AUE or auto-update. It
// returns the last day updates arrive; ok is false when there is none.
func aueDate(raw json.RawMessage, field string) (time.Time, bool) {
	if len(raw) == 0 || raw[0] != '{' {
		return time.Time{}, false
	}
	var fields map[string]struct {
		Column string          `json:"field"`
		Value  json.RawMessage `json:"value"`
	}
	if json.Unmarshal(raw, &fields) != nil {
		return time.Time{}, false
	}
	for name, f := range fields {
		if !aueField(name, f.Column, field) {
			continue
		}
		var text string
		if json.Unmarshal(f.Value, &text) != nil {
			continue
		}
		text = strings.TrimSpace(text)
		for _, l := range aueLayouts {
			t, err := time.Parse(l.layout, text)
			if err != nil {
				continue
			}
			if l.month {
				t = t.AddDate(0, 1, -1)
			}
			return t, true
		}
	}
	return time.Time{}, false
}

func aueField(name, column, want string) bool {
	if want != "" {
		return strings.EqualFold(name, want) || strings.EqualFold(column, want)
	}
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r < 'a' || r > 'z' })
	for i, w := range words {
		if w == "aue" || w == "auto" && i+1 < len(words) && (words[i+1] == "update" || words[i+1] == "updates") {
			return true
		}
	}
	return false
}

// idText is a Snipe-IT id as the school map keeps it.
func idText(id int64) string { return strconv.FormatInt(id, 10) }
