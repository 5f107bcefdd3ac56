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

// sourceForm is the Add source (or Edit) dialog: a name in any words,
// from which the source's id is made; the kind; the address and secret;
// and the kind's own settings, each described under its field.
type sourceForm struct {
	t     *sourcesTab
	cfg   engine.SourceConfig
	isNew bool
	kinds []engine.Kind

	name, url, secret, secretEnv *textField
	kind                         *widget.Select
	options                      map[string]*textField
	box                          *fyne.Container
	form                         *widget.Form
	result                       *widget.Label
	dialog                       dialog.Dialog
}

// edit shows the settings of a source, new or existing, with Test
// connection; saving stores the secret in the keyring, never on disk.
func (t *sourcesTab) edit(cfg engine.SourceConfig, isNew bool) *sourceForm {
	e := t.d.opts.Engine
	f := &sourceForm{t: t, cfg: cfg, isNew: isNew, kinds: e.Kinds(), options: map[string]*textField{},
		name: newTextField(), url: newTextField(), secret: newSecretField(), secretEnv: newTextField(),
		result: widget.NewLabel(""), box: container.NewStack()}
	titles := make([]string, len(f.kinds))
	for i, k := range f.kinds {
		titles[i] = k.Title
	}
	f.name.SetText(cfg.Name)
	f.name.SetPlaceHolder("e.g. Riverside Warehouse")
	if !isNew {
		f.name.Disable()
	}
	f.url.SetText(cfg.URL)
	f.url.SetPlaceHolder("e.g. https://data.example.org")
	f.secretEnv.SetText(cfg.SecretEnv)
	f.secretEnv.SetPlaceHolder("e.g. RIVERSIDE_TOKEN")
	f.result.Wrapping = fyne.TextWrapWord
	// An old message about a field goes as soon as the field changes.
	for _, en := range []*textField{f.name, f.url, f.secret, f.secretEnv} {
		en.OnChanged = func(string) { f.changed() }
	}
	f.kind = widget.NewSelect(titles, func(string) { f.layout(); f.changed() })
	current := 0
	for i, k := range f.kinds {
		if k.Name == cfg.Kind {
			current = i
		}
	}
	f.kind.SetSelectedIndex(current)

	test := widget.NewButtonWithIcon("Test connection", theme.MediaPlayIcon(), f.test)
	content := container.NewVBox(f.box, container.NewHBox(test), f.result)
	title := "Add source"
	if !isNew {
		title = "Edit " + cfg.Name
	}
	f.dialog = dialog.NewCustomConfirm(title, "Save", "Cancel", container.NewVScroll(content), func(save bool) {
		if save {
			f.save()
		}
	}, t.d.win)
	// Wide enough for a setting's description on one line: a form's hints
	// do not wrap.
	f.dialog.Resize(fyne.NewSize(min(920, t.d.win.Canvas().Size().Width*0.9), min(600, t.d.win.Canvas().Size().Height*0.9)))
	f.dialog.Show()
	return f
}

// layout makes the form afresh for the kind chosen: a form whose items are
// swapped in place can keep the old kind's descriptions beside the new
// fields.
func (f *sourceForm) layout() {
	k := f.chosenKind()
	clear(f.options)
	where := "Where " + k.Title + " answers"
	if k.DefaultURL != "" {
		where += "; leave empty for " + k.DefaultURL
	}
	f.form = widget.NewForm(
		&widget.FormItem{Text: "Name", Widget: f.name, HintText: f.idHint()},
		&widget.FormItem{Text: "Kind", Widget: f.kind},
		&widget.FormItem{Text: "Address", Widget: f.url, HintText: where},
		&widget.FormItem{Text: "Secret", Widget: f.secret, HintText: f.secretHint(k)},
		&widget.FormItem{Text: "Or read it from", Widget: f.secretEnv, HintText: "An environment variable holding the secret, for a computer without a keyring"},
	)
	for _, o := range k.Options {
		en := newTextField()
		en.SetText(f.cfg.Options[o.Name])
		en.OnChanged = func(string) { f.changed() }
		f.options[o.Name] = en
		label := optionLabel(o.Name)
		if !o.Required {
			label += " (optional)"
		}
		f.form.AppendItem(&widget.FormItem{Text: label, Widget: en, HintText: strings.ToUpper(o.Usage[:1]) + o.Usage[1:]})
	}
	f.box.Objects = []fyne.CanvasObject{f.form}
	f.box.Refresh()
}

func (f *sourceForm) chosenKind() engine.Kind { return f.kinds[max(0, f.kind.SelectedIndex())] }

func (f *sourceForm) secretHint(k engine.Kind) string {
	hint := "Leave empty to keep the stored " + k.Secret
	if f.isNew {
		hint = "The " + k.Secret + "; kept in this computer's keyring"
	}
	if k.SecretFile != "" {
		hint += ", or give its file below"
	}
	return hint
}

// idHint says what the source will be called inside Cabinet.
func (f *sourceForm) idHint() string {
	if !f.isNew {
		return ""
	}
	if id := sourceID(f.name.Text); id != "" {
		return "Saved as " + id
	}
	return "Any name you will recognise"
}

// changed clears an old message and shows the id the name makes.
func (f *sourceForm) changed() {
	f.result.SetText("")
	if f.form != nil && len(f.form.Items) > 0 && f.form.Items[0].HintText != f.idHint() {
		f.form.Items[0].HintText = f.idHint()
		f.form.Refresh()
	}
}

// read is the settings as typed, or a sentence saying what is missing.
func (f *sourceForm) read() (engine.SourceConfig, string) {
	c := engine.SourceConfig{Name: f.cfg.Name, Kind: f.chosenKind().Name, URL: strings.TrimSpace(f.url.Text),
		SecretEnv: strings.TrimSpace(f.secretEnv.Text), Keyring: f.cfg.Keyring, Options: map[string]string{}}
	if c.URL == "" {
		c.URL = f.chosenKind().DefaultURL
	}
	if f.isNew {
		c.Name = sourceID(f.name.Text)
	}
	for k, en := range f.options {
		if v := strings.TrimSpace(en.Text); v != "" {
			c.Options[k] = v
		}
	}
	if c.Name == "" {
		return c, "Give the source a name with a letter or digit in it, such as Riverside Warehouse."
	}
	return c, ""
}

func (f *sourceForm) test() {
	c, problem := f.read()
	if problem != "" {
		f.result.SetText(problem)
		return
	}
	s, e, k := f.secret.Text, f.t.d.opts.Engine, f.chosenKind()
	f.result.SetText("Testing…")
	background(f.t.d.br, func(ctx context.Context) (string, error) { return e.Test(ctx, c, s) },
		func(msg string, err error) {
			if err != nil {
				f.result.SetText(sourceError(err, c.Name, k))
				return
			}
			f.result.SetText(msg)
		})
}

func (f *sourceForm) save() {
	c, problem := f.read()
	if problem != "" {
		f.result.SetText(problem)
		f.dialog.Show()
		return
	}
	s, e, k := f.secret.Text, f.t.d.opts.Engine, f.chosenKind()
	background(f.t.d.br, func(context.Context) (struct{}, error) { return struct{}{}, e.SaveSource(c, s) },
		func(_ struct{}, err error) {
			if err != nil {
				f.result.SetText(sourceError(err, c.Name, k))
				f.dialog.Show()
				return
			}
			f.t.refresh()
		})
}

// sourceID makes a display name into a source's id: lower-case letters and
// digits joined by hyphens, at most 40 of them ("Riverside Warehouse" →
// "riverside-warehouse"); "" when the name has no letter or digit.
func sourceID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range district.Fold(strings.TrimSpace(name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.TrimRight(b.String()[:min(b.Len(), 40)], "-")
}

// sourceError says a connector's error as a sentence: settings by the
// names the form shows, and no programmer's quotation marks.
func sourceError(err error, id string, k engine.Kind) string {
	// The dialog is about this source: its id before the message is noise.
	msg := sentence(errors.New(strings.TrimPrefix(err.Error(), id+": ")))
	msg = strings.ReplaceAll(msg, "a "+k.Name+" source", "this "+k.Title+" source")
	for _, o := range k.Options {
		msg = strings.ReplaceAll(msg, "setting "+o.Name, optionLabel(o.Name))
	}
	msg = strings.ReplaceAll(msg, `""`, "an empty value")
	return strings.ReplaceAll(msg, `"`, "")
}

// optionLabel writes a setting's name as a form reads it: "token_url" is
// "Token URL".
func optionLabel(name string) string {
	words := strings.Split(name, "_")
	for i, w := range words {
		switch w {
		case "url", "id", "aue", "sla":
			words[i] = strings.ToUpper(w)
		default:
			if i == 0 {
				words[i] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
	}
	return strings.Join(words, " ")
}
