package deck

import (
	"context"
	"fmt"
	"strings"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// NewAction makes an action ready to store: it finds what the action is
// about (a measure by id or name, a chart by id, a product by id or name)
// and keeps what it stands at now, as it may be shown, for the next
// meeting to say how it moved: a measure's newest closed figure, a
// product's cost, renewal and licences in use. The action is open.
func NewAction(ctx context.Context, b *panel.Board, a district.Action) (district.Action, error) {
	a.Status = district.ActionOpen
	a.Text, a.Owner = strings.TrimSpace(a.Text), strings.TrimSpace(a.Owner)
	r := newReading(b, a.Created)
	switch a.About.Kind {
	case district.OnMeasure:
		m, ok, err := findMeasure(ctx, r, a.About.ID)
		if err != nil {
			return a, err
		}
		if !ok {
			return a, fmt.Errorf("there is no measure %q; measures are named by id, such as %s, or by name", a.About.ID, district.AttendanceRate)
		}
		a.About.ID, a.About.Name = m.ID, m.Name
		if err := keepFigure(ctx, r, m, &a); err != nil {
			return a, err
		}
	case district.OnChart:
		p, ok := panel.ByID(a.About.ID)
		if !ok {
			return a, fmt.Errorf("the dashboard has no chart %q", a.About.ID)
		}
		a.About.Name = p.Title
		if p.Metric != "" {
			m, ok, err := r.metric(ctx, p.Metric)
			if err != nil {
				return a, err
			}
			if ok {
				if err := keepFigure(ctx, r, m, &a); err != nil {
					return a, err
				}
			}
		}
	case district.OnProduct, district.OnRenewal:
		list, err := products(ctx, b)
		if err != nil {
			return a, err
		}
		found := false
		for _, p := range list {
			if p.ID == a.About.ID || strings.EqualFold(p.Name, strings.TrimSpace(a.About.ID)) {
				a.About.ID, a.About.Name, a.Product, found = p.ID, p.Name, p, true
				break
			}
		}
		if !found {
			return a, fmt.Errorf("there is no product %q", a.About.ID)
		}
	}
	return a, a.Validate()
}

// findMeasure finds a measure by id, or by name ignoring case.
func findMeasure(ctx context.Context, r *reading, idOrName string) (district.Metric, bool, error) {
	idOrName = strings.TrimSpace(idOrName)
	for _, m := range district.Catalogue() {
		if strings.EqualFold(m.Name, idOrName) {
			idOrName = m.ID
		}
	}
	return r.metric(ctx, idOrName)
}

// keepFigure keeps a measure's newest closed figure at the action's
// school, as it may be shown, on the action.
func keepFigure(ctx context.Context, r *reading, m district.Metric, a *district.Action) error {
	a.About.School = panel.SchoolFor(m, a.About.School)
	ms, err := r.measure(ctx, m, a.About.School)
	if err != nil {
		return err
	}
	for i := len(ms.Months) - 1; i >= 0; i-- {
		f := ms.Months[i]
		if !district.Closed(f.Month, a.Created) {
			continue
		}
		a.Then = district.Figure{Metric: m.ID, School: a.About.School, Month: f.Month, Label: m.Name, Hidden: f.Hidden, Text: district.SuppressedMark}
		if !f.Hidden {
			a.Then.Value, a.Then.Text = f.Value, m.Format(f.Value)
		}
		break
	}
	return nil
}
