package cache

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Calendar returns the district's fiscal calendar as the best-ranked other
// source's profile gives it, not counting the demo district: a connector
// that counts by fiscal year (Chromebooks reaching their auto-update
// expiration in each of the years ahead) reads it. Without such a profile
// the year starts in July, as the dashboard then takes it to.
func (w *Writer) Calendar() (district.FiscalCalendar, error) {
	var start int
	err := w.live.QueryRowContext(w.ctx, `SELECT p.fiscal_start
		FROM coverage c JOIN sources s ON s.name = c.source JOIN profile p ON p.source = c.source
		WHERE c.dataset = 'profile' AND c.source <> ? AND s.kind <> ?
		ORDER BY coalesce(c.priority, s.priority), c.source LIMIT 1`, w.src.Name, DemoKind).Scan(&start)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return district.FiscalCalendar{}, nil
	case err != nil:
		return district.FiscalCalendar{}, fmt.Errorf("reading the district's fiscal calendar: %w", err)
	}
	return district.FiscalCalendar{StartMonth: time.Month(start)}, nil
}
