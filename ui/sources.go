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
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(t.list)))
}

// refresh reads every source's state and redraws the panel.
func (t *sourcesTab) refresh() {
	e := t.d.opts.Engine
	if e == nil {
		return
	}
	background(t.d.br, func(ctx context.Context) ([]engine.Status, error) { return e.Status(ctx) },
		func(st []engine.Status, err error) {
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
		row.title.SetText(rowTitle(st))
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

func rowTitle(st engine.Status) string {
	if st.Demo {
		return "Demo district (generated data)"
	}
	return fmt.Sprintf("%s · %s · %s", st.Name, st.Kind, st.URL)
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

func days(d time.Duration) string { return fmt.Sprintf("%d days", int(d.Hours()/24)) }

// sync runs one source, or every source for "", in the background, with a
// progress bar per source; the window stays usable and Cancel stops it.
func (t *sourcesTab) sync(name string) { t.run(name, engine.SyncOptions{}) }

// run is sync with options. A source refused because its address now names
// another server is offered again, replacing its history, once the person
// confirms.
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
	text := fmt.Sprintf("%s records, %d pages, %.1f MB", district.Thousands(float64(p.Records)), p.Pages, float64(p.Bytes)/1e6)
	if p.Stage != "" {
		text += " · " + p.Stage
	}
	if p.Retries > 0 {
		text += fmt.Sprintf(" · %d retries", p.Retries)
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

// edit shows the settings of a source, new or existing, with Test
// connection; saving stores the secret in the keyring, never on disk.
func (t *sourcesTab) edit(cfg engine.SourceConfig, isNew bool) {
	e := t.d.opts.Engine
	kinds := e.Kinds()
	titles := make([]string, len(kinds))
	for i, k := range kinds {
		titles[i] = k.Title
	}
	name := widget.NewEntry()
	name.SetText(cfg.Name)
	name.SetPlaceHolder("riverside")
	if !isNew {
		name.Disable()
	}
	url := widget.NewEntry()
	url.SetText(cfg.URL)
	url.SetPlaceHolder("https://data.example.org")
	secret := widget.NewPasswordEntry()
	secretEnv := widget.NewEntry()
	secretEnv.SetText(cfg.SecretEnv)
	secretEnv.SetPlaceHolder("e.g. RIVERSIDE_TOKEN, if this computer has no keyring")
	optionEntries := map[string]*widget.Entry{}
	result := widget.NewLabel("")
	result.Wrapping = fyne.TextWrapWord
	kindSelect := widget.NewSelect(titles, nil)
	form := widget.NewForm(
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Kind", kindSelect),
		widget.NewFormItem("Address", url),
		widget.NewFormItem("Secret", secret),
		widget.NewFormItem("Or read it from", secretEnv),
	)
	common := len(form.Items)
	// The kind's own settings follow the common ones in the same form, so
	// their fields line up.
	showOptions := func(k engine.Kind) {
		form.Items = form.Items[:common]
		clear(optionEntries)
		for _, o := range k.Options {
			en := widget.NewEntry()
			en.SetText(cfg.Options[o.Name])
			en.SetPlaceHolder(o.Usage)
			optionEntries[o.Name] = en
			form.Items = append(form.Items, widget.NewFormItem(optionLabel(o.Name), en))
		}
		form.Refresh()
		if isNew {
			secret.SetPlaceHolder("the " + k.Secret)
		} else {
			secret.SetPlaceHolder("leave empty to keep the stored " + k.Secret)
		}
	}
	kindSelect.OnChanged = func(string) { showOptions(kinds[kindSelect.SelectedIndex()]) }
	current := 0
	for i, k := range kinds {
		if k.Name == cfg.Kind {
			current = i
		}
	}
	kindSelect.SetSelectedIndex(current)
	read := func() engine.SourceConfig {
		c := engine.SourceConfig{Name: strings.TrimSpace(name.Text), Kind: kinds[max(0, kindSelect.SelectedIndex())].Name,
			URL: strings.TrimSpace(url.Text), SecretEnv: strings.TrimSpace(secretEnv.Text), Keyring: cfg.Keyring, Options: map[string]string{}}
		for k, en := range optionEntries {
			if v := strings.TrimSpace(en.Text); v != "" {
				c.Options[k] = v
			}
		}
		return c
	}
	test := widget.NewButtonWithIcon("Test connection", theme.MediaPlayIcon(), func() {
		c, s := read(), secret.Text
		result.SetText("Testing…")
		background(t.d.br, func(ctx context.Context) (string, error) { return e.Test(ctx, c, s) },
			func(msg string, err error) {
				if err != nil {
					result.SetText(sentence(err))
					return
				}
				result.SetText(msg)
			})
	})
	content := container.NewVBox(form, container.NewHBox(test), result)
	title := "Add source"
	if !isNew {
		title = "Edit " + cfg.Name
	}
	var dlg dialog.Dialog
	dlg = dialog.NewCustomConfirm(title, "Save", "Cancel", container.NewVScroll(content), func(save bool) {
		if !save {
			return
		}
		c, s := read(), secret.Text
		background(t.d.br, func(context.Context) (struct{}, error) { return struct{}{}, e.SaveSource(c, s) },
			func(_ struct{}, err error) {
				if err != nil {
					result.SetText(sentence(err))
					dlg.Show()
					return
				}
				t.refresh()
			})
	}, t.d.win)
	dlg.Resize(fyne.NewSize(640, 560))
	dlg.Show()
}

// optionLabel writes a setting's name as a form reads it: "token_url" is
// "Token URL".
func optionLabel(name string) string {
	words := strings.Split(name, "_")
	for i, w := range words {
		switch w {
		case "url", "id", "aue":
			words[i] = strings.ToUpper(w)
		default:
			if i == 0 {
				words[i] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
	}
	return strings.Join(words, " ")
}
