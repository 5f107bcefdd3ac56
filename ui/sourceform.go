package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
)

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
