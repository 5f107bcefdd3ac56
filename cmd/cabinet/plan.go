package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// kindValues collects repeated "kind=value" flags, in the order given.
type kindValues []string

func (k *kindValues) String() string { return strings.Join(*k, ",") }

func (k *kindValues) Set(s string) error {
	*k = append(*k, s)
	return nil
}

// isDefault reports whether a value asks for Cabinet's default back.
func isDefault(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "default") }

// runPlan is `cabinet plan`: the replacement plan as text a CFO can check,
// and its settings, set without the window as under Technology health.
func runPlan(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "plan", "cabinet plan [--data DIR] [--price KIND=DOLLARS]... [--life KIND=YEARS]... [--ratio N] [--technicians N]")
	var prices, lives kindValues
	fs.Var(&prices, "price", "a kind of device's unit price, such as chromebook=350 (repeat for each kind; KIND=default for Cabinet's)")
	fs.Var(&lives, "life", "a kind of device's refresh cycle in years, such as laptop=5 (repeat for each kind; KIND=default for Cabinet's)")
	ratio := fs.String("ratio", "", fmt.Sprintf("devices one technician looks after (%d to %s; default for Cabinet's %d)",
		district.MinRatio, district.Thousands(district.MaxRatio), district.DefaultDevicesPerTechnician))
	techs := fs.String("technicians", "", "technicians the district has (0 clears it)")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	change, err := planChange(prices, lives, *ratio, *techs)
	if err != nil {
		fmt.Fprintf(e.stderr, "plan: %s.\n", strings.TrimSuffix(err.Error(), "."))
		return exitUsage
	}
	if change != nil {
		c, err := cache.Open(ctx, filepath.Join(dataDir(*data, e.getenv), cache.FileName))
		if err != nil {
			fmt.Fprintf(e.stderr, "plan: %v\n", err)
			return exitFail
		}
		_, err = c.UpdatePlanSettings(ctx, change)
		c.Close()
		if err != nil {
			fmt.Fprintf(e.stderr, "plan: %v\n", err)
			return exitFail
		}
		fmt.Fprintln(e.stdout, "Saved: the plan's settings apply at once to the window, the slides and every export.")
	}
	c, b, code := openBoard(ctx, e, "plan", *data)
	if c == nil {
		return code
	}
	defer c.Close()
	defer b.Release()
	p, err := b.Plan(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "plan: %v\n", err)
		return exitFail
	}
	writePlan(e.stdout, b, p)
	return exitOK
}

// planChange reads the settings' flags into a change of the settings,
// or nil when none is given. Every value is checked before anything is
// saved.
func planChange(prices, lives kindValues, ratio, techs string) (func(*district.PlanSettings) error, error) {
	var edits []func(*district.PlanSettings)
	for _, kv := range prices {
		k, v, err := district.ParseKindValue(kv)
		if err != nil {
			return nil, fmt.Errorf("--price %w", err)
		}
		if isDefault(v) {
			edits = append(edits, func(s *district.PlanSettings) { delete(s.Prices, k) })
			continue
		}
		p, err := district.ParsePrice(k, v)
		if err != nil {
			return nil, fmt.Errorf("--price %w", err)
		}
		edits = append(edits, func(s *district.PlanSettings) { s.Prices[k] = p })
	}
	for _, kv := range lives {
		k, v, err := district.ParseKindValue(kv)
		if err != nil {
			return nil, fmt.Errorf("--life %w", err)
		}
		if isDefault(v) {
			edits = append(edits, func(s *district.PlanSettings) { delete(s.Lives, k) })
			continue
		}
		y, err := district.ParseLife(k, v)
		if err != nil {
			return nil, fmt.Errorf("--life %s: %w", kv, err)
		}
		edits = append(edits, func(s *district.PlanSettings) { s.Lives[k] = y })
	}
	if ratio != "" {
		n := 0
		if !isDefault(ratio) {
			var err error
			if n, err = district.ParseRatio(ratio); err != nil {
				return nil, fmt.Errorf("--ratio %s: %w", ratio, err)
			}
		}
		edits = append(edits, func(s *district.PlanSettings) { s.DevicesPerTechnician = n })
	}
	if techs != "" {
		n, err := district.ParseTechnicians(techs)
		if err != nil {
			return nil, fmt.Errorf("--technicians %s: %w", techs, err)
		}
		edits = append(edits, func(s *district.PlanSettings) { s.Technicians = n })
	}
	if len(edits) == 0 {
		return nil, nil
	}
	return func(s *district.PlanSettings) error {
		for _, edit := range edits {
			edit(s)
		}
		return nil
	}, nil
}

// writePlan prints the plan year by year, each figure worked out, then
// the level amount, the technicians and the assumptions.
func writePlan(w io.Writer, b *panel.Board, p panel.Plan) {
	who := b.Profile.Name
	if b.Profile.Demo {
		who += " (" + deck.DemoLabel + ")"
	}
	fmt.Fprintf(w, "%s: %s\n", deck.PlanHeadline, who)
	if p.Empty() {
		fmt.Fprintln(w, panel.NoPlanData+". Sync Snipe-IT or Google Admin, or a Summary API that supplies them.")
		return
	}
	fmt.Fprintf(w, "Data as of %s. Every figure is a count times a price, or a ratio.\n", p.AsOf.Format("January 2006"))
	t := p.Table()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for j, col := range t.Columns[1:] {
		fmt.Fprintf(tw, "\n%s\n", col)
		for _, r := range t.Rows {
			if r.Cells[j] != "" {
				fmt.Fprintf(tw, "  %s\t%s\n", r.Head, r.Cells[j])
			}
		}
	}
	fmt.Fprintln(tw, "\nTechnicians")
	for _, r := range t.Staffing {
		fmt.Fprintf(tw, "  %s\t%s\n", r.Head, strings.Join(r.Cells, " "))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nAssumptions")
	for _, a := range t.Assumptions {
		fmt.Fprintf(w, "  - %s\n", a)
	}
	fmt.Fprintln(w, "\nChange them with --price KIND=DOLLARS, --life KIND=YEARS, --ratio N and --technicians N (KIND=default, or default, for Cabinet's).")
}
