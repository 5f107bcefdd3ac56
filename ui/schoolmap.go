package ui

import (
	"context"
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// Choices offered for a source's school besides Cabinet's schools.
const (
	notASchool = "Not a school (office, warehouse…)"
	byName     = "Match by name at the next sync"
)

// schoolMap shows how a source's schools map to Cabinet's, unmatched
// first, and lets a person choose for each.
type schoolMap struct {
	d       *dashboard
	source  string
	box     *fyne.Container
	status  *widget.Label
	schools []district.School
	// shown are the mappings in the order of their rows.
	shown []cache.SchoolMapping
}

// mapSchools opens the review of a source's school mappings.
func (t *sourcesTab) mapSchools(source string) *schoolMap {
	m := &schoolMap{d: t.d, source: source, box: container.NewVBox(), status: widget.NewLabel("Loading…")}
	m.status.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(m.status, nil, nil, nil, container.NewVScroll(m.box))
	dlg := dialog.NewCustom("Schools in "+source, "Close", content, t.d.win)
	dlg.Resize(fyne.NewSize(760, 560))
	dlg.Show()
	m.load()
	return m
}

type mapData struct {
	mappings []cache.SchoolMapping
	schools  []district.School
}

func (m *schoolMap) load() {
	c, source := m.d.cache, m.source
	background(m.d.br, func(ctx context.Context) (mapData, error) {
		ms, err := c.SchoolMappings(ctx, source)
		if err != nil {
			return mapData{}, err
		}
		schools, _, err := c.Schools(ctx)
		return mapData{mappings: ms, schools: schools}, err
	}, func(data mapData, err error) {
		if err != nil {
			m.status.SetText(sentence(err))
			return
		}
		m.show(data)
	})
}

// show lays out a row per school of the source: its name there, how it was
// matched, and a choice of Cabinet school.
func (m *schoolMap) show(data mapData) {
	m.schools = data.schools
	ms := data.mappings
	sort.SliceStable(ms, func(i, j int) bool {
		if (ms[i].How == cache.Unmatched) != (ms[j].How == cache.Unmatched) {
			return ms[i].How == cache.Unmatched
		}
		return ms[i].Name < ms[j].Name
	})
	unmatched := 0
	m.shown = ms
	m.box.RemoveAll()
	names := []string{byName, notASchool}
	ids := map[string]string{}
	for _, s := range m.schools {
		names = append(names, s.Name)
		ids[s.Name] = s.ID
	}
	for _, mp := range ms {
		if mp.How == cache.Unmatched {
			unmatched++
		}
		choice := widget.NewSelect(names, nil)
		choice.SetSelected(m.current(mp))
		mp := mp
		choice.OnChanged = func(name string) { m.choose(mp, name, ids[name]) }
		label := widget.NewLabel(fmt.Sprintf("%s (%s) · %s", mp.Name, mp.ID, howText(mp)))
		label.Truncation = fyne.TextTruncateEllipsis
		m.box.Add(container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(300, choice.MinSize().Height), choice), label))
	}
	switch {
	case len(ms) == 0:
		m.status.SetText("This source has reported no schools of its own: it uses Cabinet's school ids, or has not synced yet.")
	case unmatched > 0:
		m.status.SetText(fmt.Sprintf("%d of %d schools match none of Cabinet's: what they hold counts only toward the district's totals until you choose. Choices apply at the source's next sync.", unmatched, len(ms)))
	default:
		m.status.SetText(fmt.Sprintf("All %s are matched. Choices apply at the source's next sync.", district.Counted(float64(len(ms)), "schools")))
	}
}

// current is the choice a mapping shows.
func (m *schoolMap) current(mp cache.SchoolMapping) string {
	switch {
	case mp.Ignored():
		return notASchool
	case mp.School == "":
		return byName
	}
	for _, s := range m.schools {
		if s.ID == mp.School {
			return s.Name
		}
	}
	return byName
}

func howText(mp cache.SchoolMapping) string {
	switch mp.How {
	case cache.ByName:
		return "matched by name"
	case cache.BySource:
		return "one of Cabinet's schools"
	case cache.ByParent:
		return "inside another school"
	case cache.ByHand:
		return "chosen by hand"
	}
	return "unmatched"
}

// choose stores a person's choice for one of the source's schools.
func (m *schoolMap) choose(mp cache.SchoolMapping, name, school string) {
	c := m.d.cache
	background(m.d.br, func(ctx context.Context) (struct{}, error) {
		switch name {
		case byName:
			return struct{}{}, c.ClearSchoolMapping(ctx, mp.Source, mp.ID)
		case notASchool:
			return struct{}{}, c.SetSchoolMapping(ctx, mp.Source, mp.ID, "")
		}
		return struct{}{}, c.SetSchoolMapping(ctx, mp.Source, mp.ID, school)
	}, func(_ struct{}, err error) {
		if err != nil {
			m.status.SetText(sentence(err))
			return
		}
		m.status.SetText(fmt.Sprintf("%s now counts as %s from the next sync of %s.", mp.Name, name, mp.Source))
	})
}
