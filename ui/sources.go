package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
	"github.com/cabinetapp/cabinet/sync/engine"
)

// sourcesTab is the sync panel and the sources' settings: each source with
// its state, its progress while syncing, its last good sync and the last
// error in words; Sync now and Cancel; adding, editing, testing and
// removing sources.
type sourcesTab struct {
	d        *dashboard
	list     *fyne.Container
	syncNow  *widget.Button
	cancel   *widget.Button
	summary  *widget.Label
	rows     map[string]*sourceRow
	stop     context.CancelFunc // cancels the running sync; nil when none runs
	statuses []engine.Status
	// reads counts the readings of the sources' states, so an older one
	// that arrives late never replaces a newer one.
	reads int
	// result says how the last sync from this window went; it stays until
	// the next one starts.
	result string
}

// sourceRow is one source in the sync panel.
type sourceRow struct {
	title, state, attempt *widget.Label
	progress              *widget.ProgressBar
	busy                  *widget.ProgressBarInfinite
	detail                *widget.Label
	box                   *fyne.Container
}

func (d *dashboard) newSourcesTab() fyne.CanvasObject {
	t := &sourcesTab{d: d, rows: map[string]*sourceRow{}}
	d.sources = t
	t.syncNow = widget.NewButtonWithIcon("Sync now", theme.ViewRefreshIcon(), func() { t.sync("") })
	t.syncNow.Importance = widget.HighImportance
	t.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), t.stopSync)
	t.cancel.Disable()
	add := widget.NewButtonWithIcon("Add source…", theme.ContentAddIcon(), func() { t.edit(engine.SourceConfig{}, true) })
	t.summary = widget.NewLabel("")
	t.summary.Wrapping = fyne.TextWrapWord
	t.list = container.NewVBox()
	if d.opts.Engine == nil {
		t.syncNow.Disable()
		add.Disable()
		t.summary.SetText("Syncing is not set up in this window.")
	}
	top := container.NewBorder(nil, nil, nil, container.NewHBox(t.syncNow, t.cancel, add), t.summary)
	return container.NewBorder(container.NewPadded(top), container.NewPadded(d.newSettingsView()), nil, nil, container.NewVScroll(container.NewPadded(t.list)))
}

// refresh reads every source's state and redraws the panel.
func (t *sourcesTab) refresh() {
	e := t.d.opts.Engine
	if e == nil {
		return
	}
	t.reads++
	read := t.reads
	background(t.d.br, func(ctx context.Context) ([]engine.Status, error) { return e.Status(ctx) },
		func(st []engine.Status, err error) {
			if read != t.reads {
				return // a newer reading is on its way
			}
			if err != nil {
				t.summary.SetText(sentence(err))
				return
			}
			t.statuses = st
			t.draw()
		})
}

// draw lays out a row per source from the last statuses read.
func (t *sourcesTab) draw() {
	now := t.d.opts.Now()
	t.list.RemoveAll()
	configured := 0
	for _, st := range t.statuses {
		row := t.rows[st.Name]
		if row == nil {
			row = t.newRow(st)
			t.rows[st.Name] = row
		}
		row.title.SetText(rowTitle(st, t.kindTitle(st.Kind)))
		row.state.SetText(stateText(st, now))
		row.state.Importance = widget.MediumImportance
		if st.Stale {
			row.state.Importance = widget.WarningImportance
		}
		row.state.Refresh()
		setOptional(row.attempt, attemptText(st.LastAttempt))
		if st.LastAttempt != nil && st.LastAttempt.Outcome == cache.OutcomeFailed {
			row.attempt.Importance = widget.DangerImportance
		} else {
			row.attempt.Importance = widget.MediumImportance
		}
		row.attempt.Refresh()
		t.list.Add(row.box)
		if !st.Demo {
			configured++
		}
	}
	if t.result != "" {
		t.summary.SetText(t.result)
		return
	}
	if t.stop == nil {
		switch configured {
		case 0:
			t.summary.SetText("No sources yet: Cabinet shows the demo district. Add a source to read your district's own systems; the demo is replaced by the first successful sync.")
		case 1:
			t.summary.SetText(fmt.Sprintf("1 source. Data older than %s are marked stale.", days(t.d.opts.StaleAfter)))
		default:
			t.summary.SetText(fmt.Sprintf("%d sources. Data older than %s are marked stale.", configured, days(t.d.opts.StaleAfter)))
		}
	}
}

func (t *sourcesTab) newRow(st engine.Status) *sourceRow {
	r := &sourceRow{
		title:    bold(""),
		state:    widget.NewLabel(""),
		attempt:  widget.NewLabel(""),
		progress: widget.NewProgressBar(),
		busy:     widget.NewProgressBarInfinite(),
		detail:   newCaption(""),
	}
	r.attempt.Wrapping = fyne.TextWrapWord
	r.progress.Hide()
	r.busy.Hide()
	r.busy.Stop()
	r.detail.Hide()
	var buttons *fyne.Container
	if st.Demo {
		buttons = container.NewHBox()
	} else {
		name := st.Name
		buttons = container.NewHBox(
			widget.NewButtonWithIcon("Sync", theme.ViewRefreshIcon(), func() { t.sync(name) }),
			widget.NewButtonWithIcon("Schools…", theme.ListIcon(), func() { t.mapSchools(name) }),
			widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { t.editByName(name) }),
			widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { t.remove(name) }),
		)
	}
	body := container.New(tightVBox{}, r.title, r.state, r.attempt, container.NewStack(r.progress, r.busy), r.detail)
	c := &card{content: container.NewPadded(container.NewBorder(nil, nil, nil, buttons, body))}
	c.ExtendBaseWidget(c)
	r.box = container.NewPadded(c)
	return r
}

// rowTitle names a source's row: its name, its kind as people read it
// ("District Summary API", never "summaryapi") and its address.
func rowTitle(st engine.Status, kind string) string {
	if st.Demo {
		return "Demo district (generated data)"
	}
	return fmt.Sprintf("%s · %s · %s", st.Name, kind, st.URL)
}

// kindTitle is a kind's name as people read it, or its name when the
// engine does not know it.
func (t *sourcesTab) kindTitle(name string) string {
	if e := t.d.opts.Engine; e != nil {
		for _, k := range e.Kinds() {
			if k.Name == name {
				return k.Title
			}
		}
	}
	return name
}

// stateText says how fresh a source's data are.
func stateText(st engine.Status, now time.Time) string {
	if st.LastSuccess.IsZero() {
		return "Never synced."
	}
	s := fmt.Sprintf("Last good sync %s (%s); %s records.", st.LastSuccess.Local().Format("2 Jan 2006 15:04"),
		panel.Ago(now, st.LastSuccess), district.Thousands(float64(st.Counts.Total())))
	if st.Demo {
		s = fmt.Sprintf("Generated %s; replaced by the first successful sync of a source.", st.LastSuccess.Local().Format("2 Jan 2006"))
	}
	if st.Stale {
		s += " Stale: sync again before relying on it."
	}
	return s
}

// attemptText says how the last sync went, in words.
func attemptText(r *cache.Run) string {
	if r == nil {
		return ""
	}
	when := r.Finished.Local().Format("2 Jan 15:04")
	switch r.Outcome {
	case cache.OutcomeFailed:
		return "Last attempt " + when + " failed: " + r.Message
	case cache.OutcomeCancelled:
		return "Last attempt " + when + " was cancelled; the data before it were kept."
	case cache.OutcomeUnchanged:
		return "Last attempt " + when + ": nothing new."
	}
	return ""
}

func days(d time.Duration) string { return district.Counted(float64(int(d.Hours()/24)), "days") }

// sync runs one source, or every source for "", in the background, with a
// progress bar per source; the window stays usable and Cancel stops it.
func (t *sourcesTab) sync(name string) { t.run(name, engine.SyncOptions{}) }

// run is sync with options. A source refused because its address now names
// another server is offered again, replacing its history, once the person
// confirms; one refused because it would empty a dataset, once the person
// accepts the removal (removals.go).
func (t *sourcesTab) run(name string, o engine.SyncOptions) {
	e := t.d.opts.Engine
	if e == nil || t.stop != nil {
		return
	}
	ctx, stop := context.WithCancel(t.d.br.ctx)
	t.stop, t.result = stop, ""
	t.syncNow.Disable()
	t.cancel.Enable()
	t.summary.SetText("Syncing…")
	t.d.status.SetText("Syncing…")
	o.Progress = func(p engine.Progress) { t.d.br.do(func() { t.showProgress(p) }) }
	background(t.d.br, func(context.Context) ([]engine.Result, error) {
		if name == "" {
			return e.SyncAll(ctx, o)
		}
		return []engine.Result{e.Sync(ctx, name, o)}, nil
	}, func(results []engine.Result, err error) {
		stop()
		t.stop = nil
		t.syncNow.Enable()
		t.cancel.Disable()
		for _, r := range t.rows {
			r.progress.Hide()
			r.busy.Stop()
			r.busy.Hide()
			r.detail.Hide()
		}
		if err != nil {
			t.summary.SetText(sentence(err))
			return
		}
		t.result = resultsText(results)
		t.summary.SetText(t.result)
		t.refresh()
		t.d.dataChanged()
		for _, r := range results {
			if errors.Is(r.Err, engine.ErrServerChanged) {
				t.confirmReplace(r)
				return
			}
			if t.confirmRemovals(r, o) {
				return
			}
		}
	})
}

// confirmReplace asks whether a source that now points at another server
// may replace the history the old one sent, and syncs it if so.
func (t *sourcesTab) confirmReplace(r engine.Result) {
	msg := fmt.Sprintf("%s now points at another server than the one its data came from. Syncing it replaces the history kept from the old server, which that server may not be able to send again. Replace it?", r.Source)
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	dlg := dialog.NewCustomConfirm("Replace "+r.Source+"'s history?", "Replace", "Keep", label, func(ok bool) {
		if ok {
			t.run(r.Source, engine.SyncOptions{ReplaceHistory: true})
		}
	}, t.d.win)
	dlg.Resize(fyne.NewSize(480, 0))
	dlg.Show()
}

// showProgress moves a source's progress bar.
func (t *sourcesTab) showProgress(p engine.Progress) {
	r := t.rows[p.Source]
	if r == nil || t.stop == nil {
		return
	}
	if f := p.Fraction(); f >= 0 {
		r.busy.Stop()
		r.busy.Hide()
		r.progress.Show()
		r.progress.SetValue(f)
	} else {
		r.progress.Hide()
		r.busy.Show()
		r.busy.Start()
	}
	text := fmt.Sprintf("%s, %s, %.1f MB", district.Counted(float64(p.Records), "records"), district.Counted(float64(p.Pages), "pages"), float64(p.Bytes)/1e6)
	if p.Stage != "" {
		text += " · " + p.Stage
	}
	if p.Retries > 0 {
		text += " · " + district.Counted(float64(p.Retries), "retries")
	}
	if p.Waiting {
		text += " · waiting for the server"
	}
	setOptional(r.detail, text)
	t.d.status.SetText("Syncing " + p.Source + ": " + text)
}

func (t *sourcesTab) stopSync() {
	if t.stop != nil {
		t.stop()
		t.summary.SetText("Cancelling… the data from before this sync are kept.")
	}
}

// resultsText sums up a sync: one sentence per source that failed.
func resultsText(results []engine.Result) string {
	if len(results) == 0 {
		return "There are no sources to sync."
	}
	var ok, unchanged int
	var failed, notes []string
	for _, r := range results {
		for _, n := range r.Notes {
			notes = append(notes, r.Source+": "+n)
		}
		switch r.Outcome {
		case cache.OutcomeOK:
			ok++
		case cache.OutcomeUnchanged:
			unchanged++
		case cache.OutcomeCancelled:
			failed = append(failed, r.Source+": cancelled; its data from before were kept.")
		default:
			// The sentence starts with the source's name, kept as typed.
			failed = append(failed, strings.TrimSuffix(r.Err.Error(), ".")+".")
		}
	}
	s := fmt.Sprintf("Synced %d of %d sources", ok+unchanged, len(results))
	if unchanged > 0 {
		s += fmt.Sprintf(" (%d had nothing new)", unchanged)
	}
	s += "."
	if len(failed) > 0 {
		s += " " + strings.Join(failed, " ")
	}
	if len(notes) > 0 {
		s += "\n" + strings.Join(notes, "\n")
	}
	return s
}

func (t *sourcesTab) editByName(name string) {
	e := t.d.opts.Engine
	background(t.d.br, func(context.Context) (engine.SourceConfig, error) { return e.Source(name) },
		func(cfg engine.SourceConfig, err error) {
			if err != nil {
				t.summary.SetText(sentence(err))
				return
			}
			t.edit(cfg, false)
		})
}

func (t *sourcesTab) remove(name string) {
	e := t.d.opts.Engine
	dialog.ShowConfirm("Remove source", fmt.Sprintf("Remove %s? Its settings, its stored secret and its data in the cache go; other sources' data stay.", name), func(ok bool) {
		if !ok {
			return
		}
		background(t.d.br, func(ctx context.Context) (struct{}, error) { return struct{}{}, e.RemoveSource(ctx, name) },
			func(_ struct{}, err error) {
				if err != nil {
					t.summary.SetText(sentence(err))
					return
				}
				delete(t.rows, name)
				t.refresh()
				t.d.dataChanged()
			})
	}, t.d.win)
}
