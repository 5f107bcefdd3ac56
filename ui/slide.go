package ui

import (
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
)

// stageTheme is the slide's theme: black on white, because projectors wash
// out dark themes, with every size multiplied by scale, which the slide
// frame sets from the room it has, so type is as large as the slide allows.
type stageTheme struct {
	fyne.Theme
	scale float32
}

func (t stageTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground:
		return color.White
	case theme.ColorNameInputBackground:
		return color.NRGBA{R: 0xF2, G: 0xF2, B: 0xF2, A: 0xFF}
	case theme.ColorNameForeground:
		return color.NRGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xFF}
	}
	return t.Theme.Color(n, theme.VariantLight)
}

func (t stageTheme) Size(n fyne.ThemeSizeName) float32 { return t.Theme.Size(n) * t.scale }

// Room a slide needs at scale 1, in logical pixels: a chart slide reads well
// at 870x490 and larger in proportion; a tiles slide needs its rows of tiles.
const (
	slideWidth  = 870
	slideHeight = 490
	tileHeight  = 150
	textHeight  = 150
	// cardHeight is a card's room when it says a sentence, as the cards
	// of what changed and of the actions do.
	cardHeight = 230
)

// tilesPerRow is how many tiles a slide shows side by side.
const tilesPerRow = 4

// slideScale is how much larger than the desktop a slide's type can be in
// a space of the given size.
func slideScale(size fyne.Size, tiles int, sentences bool) float32 {
	s := math.Min(float64(size.Width)/slideWidth, float64(size.Height)/slideHeight)
	if tiles > 0 {
		rows, h := (tiles+tilesPerRow-1)/tilesPerRow, tileHeight
		if sentences {
			h = cardHeight
		}
		s = math.Min(s, float64(size.Height)/float64(textHeight+rows*h))
		s = math.Min(s, float64(size.Width)/(tilesPerRow*200))
	}
	return float32(math.Max(minSlideScale, s))
}

// minSlideScale is the smallest a slide's type gets: a thumbnail's.
const minSlideScale = 0.25

// slideView is one slide: headline, takeaway, the chart or the tiles, and a
// footer saying whose data, how fresh, and which slide this is. It sits in
// a theme override that slideFrame scales to the space it has.
type slideView struct {
	widget.BaseWidget
	// headline and takeaway break where the packet breaks them (see
	// deck.Box); the footer breaks between its parts, the notes between
	// words.
	headline, takeaway, footer, notes *setText
	chart                             *chartView
	tiles                             *fyne.Container
	tileWidgets                       []*kpiTile
	body                              *fyne.Container
	count                             int // tiles shown, 0 on a chart slide
	// sentences is true when the cards say sentences: what changed, the actions.
	sentences bool
	// arranged lays the parts out (slideLayout), made once: a renderer
	// made again must lay out the same container show refreshes.
	arranged *fyne.Container
}

func newSlideView(br *bridge, th func() charts.Theme) *slideView {
	s := &slideView{
		headline: newSetText(theme.SizeNameHeadingText, fyne.TextStyle{Bold: true}, theme.ColorNameForeground),
		takeaway: newSetText(theme.SizeNameText, fyne.TextStyle{}, theme.ColorNameForeground),
		notes:    newSetText(theme.SizeNameCaptionText, fyne.TextStyle{}, theme.ColorNameForeground),
		footer:   newSetText(theme.SizeNameCaptionText, fyne.TextStyle{}, theme.ColorNameForeground),
		chart:    newChartView(br, th, 20),
		tiles:    container.New(layout.NewGridLayoutWithColumns(tilesPerRow)),
	}
	// Every tile a slide can show exists from the start, so the theme
	// override reaches them all.
	for range slideTiles {
		t := newKPITile(func(string) {})
		s.tileWidgets = append(s.tileWidgets, t)
		s.tiles.Add(t)
	}
	s.body = container.NewStack(s.chart)
	s.arranged = container.New(slideLayout{}, container.NewVBox(s.headline, s.takeaway), container.NewVBox(s.notes, s.footer), s.body)
	s.ExtendBaseWidget(s)
	return s
}

// slideTiles is the most tiles a slide shows: all of the Overview's.
const slideTiles = 16

// show puts a prepared slide on the view. It reports whether the slide
// swapped the chart for cards or back: what the theme must reach anew.
func (s *slideView) show(p prepared) bool {
	v := p.view
	s.headline.setBoxed(deck.HeadlineBox, v.Headline)
	s.takeaway.setBoxed(deck.TakeawayBox, v.Takeaway)
	// Set as the footer is: a label's text kept the unscaled size in some
	// runs when the slide's theme changed scale.
	s.notes.setWords(strings.Join(v.Notes, " · "))
	s.footer.setParts(v.Footer.Parts())
	s.count, s.sentences = 0, v.Cards() && v.Slide.Kind != district.TilesSlide
	before := firstObject(s.body)
	switch {
	case v.Cards():
		s.showTiles(v)
		s.body.Objects = []fyne.CanvasObject{s.tiles}
	case v.Slide.Kind != "":
		s.chart.setChartImage(v.Result.Chart, p.image)
		s.body.Objects = []fyne.CanvasObject{s.chart}
	default:
		// A view that is no slide of the deck (the end of the deck, or a
		// slide that cannot be shown) has no kind; it says so in words and
		// draws no chart.
		s.body.Objects = nil
	}
	s.body.Refresh()
	s.Refresh()
	// New words may take more or fewer lines at the same size: the parts
	// are laid out again, which refreshing them alone does not do.
	s.arranged.Refresh()
	return firstObject(s.body) != before
}

// firstObject is what a container shows first, or nil.
func firstObject(c *fyne.Container) fyne.CanvasObject {
	if len(c.Objects) == 0 {
		return nil
	}
	return c.Objects[0]
}

// showTiles fills the tiles grid.
func (s *slideView) showTiles(v deck.View) {
	s.count = min(len(v.Tiles), len(s.tileWidgets))
	for i, t := range s.tileWidgets {
		if i < s.count {
			t.show(v.Tiles[i], "")
			t.Show()
		} else {
			t.Hide()
		}
	}
}

func (s *slideView) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.White)
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewPadded(s.arranged)))
}

// slideLayout stacks headline and takeaway, the body and the footer. Unlike
// a border layout it gives the wrapped text its width before asking its
// height, so a long takeaway or footer takes two lines on the first layout
// instead of one line cut short.
type slideLayout struct{}

func (slideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	head, foot, body := objs[0], objs[1], objs[2]
	height := func(o fyne.CanvasObject) float32 {
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		// A label caches the height it measured at its old width.
		o.Refresh()
		return o.MinSize().Height
	}
	hh, fh, pad := height(head), height(foot), theme.Padding()
	head.Move(fyne.NewPos(0, 0))
	head.Resize(fyne.NewSize(size.Width, hh))
	foot.Move(fyne.NewPos(0, size.Height-fh))
	foot.Resize(fyne.NewSize(size.Width, fh))
	body.Move(fyne.NewPos(0, hh+pad))
	body.Resize(fyne.NewSize(size.Width, max(0, size.Height-hh-fh-2*pad)))
}

func (slideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	head, foot, body := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
	return fyne.NewSize(max(head.Width, foot.Width, body.Width), head.Height+foot.Height+body.Height+2*theme.Padding())
}

// slideFrame holds a slide in a theme override sized to the frame: the
// larger the frame, the larger the type. It asks for little room itself,
// so a large slide never makes its window grow past the screen.
type slideFrame struct {
	widget.BaseWidget
	slide    *slideView
	override *container.ThemeOverride
	scale    float32
	// size and shown are the frame's size and the slide's tiles the scale
	// was fitted to.
	size  fyne.Size
	shown int
}

func newSlideFrame(s *slideView) *slideFrame {
	f := &slideFrame{slide: s, scale: 1}
	f.override = container.NewThemeOverride(s, stageTheme{Theme: newAppTheme(), scale: 1})
	f.ExtendBaseWidget(f)
	return f
}

// show puts a prepared slide in the frame and fits its type to the frame.
// Cards put in place of a chart, or a chart in place of cards, are given
// the frame's theme: they were not in the frame when it last passed it on.
func (f *slideFrame) show(p prepared) {
	swapped := f.slide.show(p)
	f.shown = -1 // new words: fit them afresh
	if !f.fit(f.Size()) && swapped {
		f.override.Refresh()
	}
}

// fit sets the theme's scale for a frame size, if it changed enough to
// see: the size's estimate (slideScale), or smaller while the slide's
// words, wrapped at that scale, need more height than the frame has. It
// reports whether it set the scale, which passes the theme on.
func (f *slideFrame) fit(size fyne.Size) bool {
	if size.Width <= 0 || size.Height <= 0 {
		return false
	}
	s := slideScale(size, f.slide.count, f.slide.sentences)
	if math.Abs(float64(s-f.scale)) < 0.02 && f.size == size && f.shown == f.slide.count {
		return false
	}
	f.size, f.shown = size, f.slide.count
	for {
		f.setScale(s)
		f.override.Resize(size)
		if f.slide.MinSize().Height <= size.Height || s <= minSlideScale {
			return true
		}
		s = max(minSlideScale, s*0.92)
	}
}

// setScale sizes the slide's theme.
func (f *slideFrame) setScale(s float32) {
	f.scale = s
	f.override.Theme = stageTheme{Theme: newAppTheme(), scale: s}
	f.override.Refresh()
	// Text measured at the old scale must be measured again before the
	// tiles are laid out, or a label keeps its old width and is clipped.
	for _, t := range f.slide.tileWidgets {
		t.Refresh()
	}
}

func (f *slideFrame) CreateRenderer() fyne.WidgetRenderer { return &frameRenderer{f: f} }

type frameRenderer struct{ f *slideFrame }

func (r *frameRenderer) Layout(size fyne.Size) {
	r.f.fit(size)
	r.f.override.Resize(size)
}

func (r *frameRenderer) MinSize() fyne.Size { return fyne.NewSize(160, 90) }

func (r *frameRenderer) Refresh() { r.f.override.Refresh() }

func (r *frameRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.f.override} }

func (r *frameRenderer) Destroy() {}
