package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// The file `cabinet meeting export` writes and `cabinet meeting import`
// reads: every meeting record and action, as docs/meetings.md describes.

const (
	meetingsFormat  = "cabinet-meetings"
	meetingsVersion = 1
	// maxMeetingsFile is the largest file import reads: a district's
	// years of meetings fit many times over.
	maxMeetingsFile = 256 << 20
)

type meetingsFile struct {
	Format   string        `json:"format"`
	Version  int           `json:"version"`
	Exported time.Time     `json:"exported"`
	Meetings []meetingJSON `json:"meetings"`
	Actions  []actionJSON  `json:"actions"`
}

type meetingJSON struct {
	Date      string        `json:"date"`
	Deck      string        `json:"deck"`
	District  string        `json:"district"`
	Recorded  time.Time     `json:"recorded"`
	How       string        `json:"how"`
	Threshold int           `json:"threshold"`
	Slides    []slideJSON   `json:"slides"`
	Products  []productJSON `json:"products"`
	Sources   []sourceJSON  `json:"sources"`
}

type slideJSON struct {
	Kind     string       `json:"kind"`
	Chart    string       `json:"chart"`
	Headline string       `json:"headline"`
	Takeaway string       `json:"takeaway"`
	Shows    string       `json:"shows"`
	AsOf     string       `json:"as_of"`
	Source   string       `json:"source"`
	Figures  []figureJSON `json:"figures"`
}

type figureJSON struct {
	Measure string   `json:"measure"`
	School  string   `json:"school"`
	Across  bool     `json:"across"`
	Product string   `json:"product"`
	Month   string   `json:"month"`
	SoFar   bool     `json:"so_far"`
	Label   string   `json:"label"`
	Value   *float64 `json:"value"`
	N       int      `json:"n"`
	Shown   string   `json:"shown"`
	Hidden  bool     `json:"hidden"`
	Source  string   `json:"source"`
	Synced  string   `json:"synced"`
}

type productJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	AnnualCost  float64  `json:"annual_cost"`
	Licences    int      `json:"licences"`
	Renewal     string   `json:"renewal"`
	InUse       *float64 `json:"in_use"`
	InUseHidden bool     `json:"in_use_hidden"`
}

type sourceJSON struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	LastGood string `json:"last_good"`
	Failing  bool   `json:"failing"`
	FailedAt string `json:"failed_at"`
	Problem  string `json:"problem"`
}

type aboutJSON struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	School string `json:"school"`
	Name   string `json:"name"`
}

type actionJSON struct {
	Key     string       `json:"key"`
	Text    string       `json:"text"`
	Owner   string       `json:"owner"`
	Due     string       `json:"due"`
	Status  string       `json:"status"`
	About   aboutJSON    `json:"about"`
	Created time.Time    `json:"created"`
	Updated time.Time    `json:"updated"`
	Closed  string       `json:"closed"`
	Then    *figureJSON  `json:"then"`
	Product *productJSON `json:"product"`
}

// Dates are written as YYYY-MM-DD, months as YYYY-MM, and times as RFC
// 3339; "" for none.
func dateJSON(t time.Time) string  { return optional(t, time.DateOnly) }
func monthJSON(t time.Time) string { return optional(t, "2006-01") }
func timeJSON(t time.Time) string  { return optional(t.UTC(), time.RFC3339) }

func optional(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(layout)
}

func parseOptional(s, layout, field string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return t, fmt.Errorf("%s %q is not written as %s", field, s, map[string]string{time.DateOnly: "2026-11-10", "2006-01": "2026-11", time.RFC3339: "2026-11-10T09:00:00Z"}[layout])
	}
	return t, nil
}

// encodeMeetings writes a cache's memory as the file.
func encodeMeetings(mem cache.Memory, exported time.Time) ([]byte, error) {
	f := meetingsFile{Format: meetingsFormat, Version: meetingsVersion, Exported: exported.UTC(), Meetings: []meetingJSON{}, Actions: []actionJSON{}}
	for _, m := range mem.Meetings {
		mj := meetingJSON{Date: dateJSON(m.Day), Deck: m.Deck, District: m.District, Recorded: m.Recorded.UTC(), How: string(m.How), Threshold: m.Threshold,
			Slides: []slideJSON{}, Products: []productJSON{}, Sources: []sourceJSON{}}
		for _, s := range m.Slides {
			sj := slideJSON{Kind: string(s.Kind), Chart: s.Panel, Headline: s.Headline, Takeaway: s.Takeaway, Shows: s.Shows, AsOf: monthJSON(s.AsOf), Source: s.Source, Figures: []figureJSON{}}
			for _, fig := range s.Figures {
				sj.Figures = append(sj.Figures, figureToJSON(fig))
			}
			mj.Slides = append(mj.Slides, sj)
		}
		for _, p := range m.Products {
			mj.Products = append(mj.Products, productToJSON(p))
		}
		for _, s := range m.Sources {
			mj.Sources = append(mj.Sources, sourceJSON{Name: s.Name, Kind: s.Kind, LastGood: timeJSON(s.LastGood), Failing: s.Failing, FailedAt: timeJSON(s.FailedAt), Problem: s.Problem})
		}
		f.Meetings = append(f.Meetings, mj)
	}
	for _, a := range mem.Actions {
		aj := actionJSON{Key: a.Key, Text: a.Text, Owner: a.Owner, Due: dateJSON(a.Due), Status: string(a.Status),
			About:   aboutJSON{Kind: string(a.About.Kind), ID: a.About.ID, School: a.About.School, Name: a.About.Name},
			Created: a.Created.UTC(), Updated: a.Updated.UTC(), Closed: timeJSON(a.Closed)}
		if a.Then.Keyed() {
			then := figureToJSON(a.Then)
			aj.Then = &then
		}
		if a.Product.ID != "" {
			p := productToJSON(a.Product)
			aj.Product = &p
		}
		f.Actions = append(f.Actions, aj)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("writing the meetings: %w", err)
	}
	return b.Bytes(), nil
}

func figureToJSON(f district.Figure) figureJSON {
	fj := figureJSON{Measure: f.Metric, School: f.School, Across: f.Across, Product: f.Product, Month: monthJSON(f.Month), SoFar: f.SoFar,
		Label: f.Label, N: f.N, Shown: f.Text, Hidden: f.Hidden, Source: f.Source, Synced: timeJSON(f.Synced)}
	if !f.Hidden {
		v := f.Value
		fj.Value = &v
	}
	return fj
}

func productToJSON(p district.ProductTerms) productJSON {
	pj := productJSON{ID: p.ID, Name: p.Name, AnnualCost: p.AnnualCost, Licences: p.Licences, Renewal: dateJSON(p.Renewal), InUseHidden: p.InUseHidden}
	if p.InUseShown {
		v := p.InUse
		pj.InUse = &v
	}
	return pj
}

// errNotMeetings says a file is not one `cabinet meeting export` wrote.
var errNotMeetings = errors.New("it is not a file of Cabinet's meetings ('cabinet meeting export' writes them)")

// decodeMeetings reads the file: strictly, as outside input, so a field
// misspelt or a record out of shape is refused with a sentence naming it,
// and nothing of a refused file is kept.
func decodeMeetings(r io.Reader) (cache.Memory, error) {
	var mem cache.Memory
	body, err := io.ReadAll(io.LimitReader(r, maxMeetingsFile+1))
	if err != nil {
		return mem, err
	}
	if len(body) > maxMeetingsFile {
		return mem, fmt.Errorf("it is larger than %d MB, more than any district's meetings", maxMeetingsFile>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var f meetingsFile
	if err := dec.Decode(&f); err != nil {
		return mem, jsonProblem(err)
	}
	if dec.More() {
		return mem, errors.New("it holds more than one document")
	}
	switch {
	case f.Format != meetingsFormat:
		return mem, errNotMeetings
	case f.Version > meetingsVersion:
		return mem, fmt.Errorf("it was written by a newer Cabinet (format version %d; this one reads %d)", f.Version, meetingsVersion)
	case f.Version < 1:
		return mem, fmt.Errorf("its format version %d is not one Cabinet wrote", f.Version)
	case len(f.Actions) > district.MaxActions:
		return mem, fmt.Errorf("it holds %d actions, more than the %d a cache keeps", len(f.Actions), district.MaxActions)
	}
	for i, mj := range f.Meetings {
		m, err := mj.meeting()
		if err != nil {
			return mem, fmt.Errorf("meeting %d: %w", i+1, err)
		}
		mem.Meetings = append(mem.Meetings, m)
	}
	for i, aj := range f.Actions {
		a, err := aj.action()
		if err != nil {
			return mem, fmt.Errorf("action %d: %w", i+1, err)
		}
		mem.Actions = append(mem.Actions, a)
	}
	return mem, nil
}

// jsonProblem says in a sentence what is wrong with a file's JSON.
func jsonProblem(err error) error {
	var syntax *json.SyntaxError
	var field *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("it is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &field):
		return fmt.Errorf("its field %q holds the wrong kind of value", field.Field)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("it is empty or cut short")
	}
	// DisallowUnknownFields: `json: unknown field "x"`.
	var name string
	if _, scanErr := fmt.Sscanf(err.Error(), "json: unknown field %q", &name); scanErr == nil {
		return fmt.Errorf("it has a field Cabinet does not know, %q", name)
	}
	return errNotMeetings
}

func (mj meetingJSON) meeting() (district.Meeting, error) {
	day, err := parseOptional(mj.Date, time.DateOnly, "date")
	if err != nil {
		return district.Meeting{}, err
	}
	m := district.Meeting{Day: day, Deck: mj.Deck, District: mj.District, Recorded: mj.Recorded, How: district.MeetingHow(mj.How), Threshold: mj.Threshold}
	for _, sj := range mj.Slides {
		s := district.MeetingSlide{Kind: district.SlideKind(sj.Kind), Panel: sj.Chart, Headline: sj.Headline, Takeaway: sj.Takeaway, Shows: sj.Shows, Source: sj.Source}
		if s.AsOf, err = parseOptional(sj.AsOf, "2006-01", "as_of"); err != nil {
			return m, err
		}
		if len(sj.Figures) > district.MaxMeetingFigures {
			return m, fmt.Errorf("a slide holds more than %d figures", district.MaxMeetingFigures)
		}
		for _, fj := range sj.Figures {
			f, err := fj.figure()
			if err != nil {
				return m, err
			}
			s.Figures = append(s.Figures, f)
		}
		m.Slides = append(m.Slides, s)
	}
	for _, pj := range mj.Products {
		p, err := pj.terms()
		if err != nil {
			return m, err
		}
		m.Products = append(m.Products, p)
	}
	for _, sj := range mj.Sources {
		s := district.SourceHealth{Name: sj.Name, Kind: sj.Kind, Failing: sj.Failing, Problem: sj.Problem}
		if s.LastGood, err = parseOptional(sj.LastGood, time.RFC3339, "last_good"); err != nil {
			return m, err
		}
		if s.FailedAt, err = parseOptional(sj.FailedAt, time.RFC3339, "failed_at"); err != nil {
			return m, err
		}
		m.Sources = append(m.Sources, s)
	}
	return m, m.Validate()
}

func (fj figureJSON) figure() (district.Figure, error) {
	f := district.Figure{Metric: fj.Measure, School: fj.School, Across: fj.Across, Product: fj.Product, SoFar: fj.SoFar, Label: fj.Label,
		N: fj.N, Text: fj.Shown, Hidden: fj.Hidden, Source: fj.Source}
	var err error
	if f.Month, err = parseOptional(fj.Month, "2006-01", "month"); err != nil {
		return f, err
	}
	if f.Synced, err = parseOptional(fj.Synced, time.RFC3339, "synced"); err != nil {
		return f, err
	}
	switch {
	case fj.Hidden && fj.Value != nil:
		return f, fmt.Errorf("%s: a hidden figure carries a value", fj.Label)
	case !fj.Hidden && fj.Value == nil:
		return f, fmt.Errorf("%s: a shown figure has no value", fj.Label)
	case fj.Value != nil:
		f.Value = *fj.Value
	}
	return f, f.Validate()
}

func (pj productJSON) terms() (district.ProductTerms, error) {
	p := district.ProductTerms{ID: pj.ID, Name: pj.Name, AnnualCost: pj.AnnualCost, Licences: pj.Licences, InUseHidden: pj.InUseHidden}
	var err error
	if p.Renewal, err = parseOptional(pj.Renewal, time.DateOnly, "renewal"); err != nil {
		return p, err
	}
	if pj.InUse != nil {
		p.InUse, p.InUseShown = *pj.InUse, true
	}
	return p, nil
}

func (aj actionJSON) action() (district.Action, error) {
	a := district.Action{Key: aj.Key, Text: aj.Text, Owner: aj.Owner, Status: district.ActionStatus(aj.Status),
		About:   district.About{Kind: district.Subject(aj.About.Kind), ID: aj.About.ID, School: aj.About.School, Name: aj.About.Name},
		Created: aj.Created, Updated: aj.Updated}
	var err error
	if a.Due, err = parseOptional(aj.Due, time.DateOnly, "due"); err != nil {
		return a, err
	}
	if a.Closed, err = parseOptional(aj.Closed, time.RFC3339, "closed"); err != nil {
		return a, err
	}
	if aj.Then != nil {
		if a.Then, err = aj.Then.figure(); err != nil {
			return a, err
		}
	}
	if aj.Product != nil {
		if a.Product, err = aj.Product.terms(); err != nil {
			return a, err
		}
	}
	if a.Key == "" {
		return a, errors.New("it has no key")
	}
	return a, a.Validate()
}
