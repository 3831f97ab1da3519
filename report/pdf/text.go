package pdf

import (
	"strings"
	"sync"

	"github.com/assure-dev/assure/internal/redact"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// covered reports, per BMP rune, whether all three embedded fonts have a
// glyph for it. fpdf indexes width tables by rune and encodes text as
// UTF-16 code units without surrogates, so a rune outside the BMP would
// panic or corrupt the string: clean replaces such runes first.
var covered = sync.OnceValue(func() []bool {
	ok := make([]bool, 0x10000)
	for i := range ok {
		ok[i] = true
	}
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, gomono.TTF} {
		fnt, err := sfnt.Parse(ttf)
		if err != nil {
			panic("pdf: embedded Go font does not parse: " + err.Error())
		}
		var buf sfnt.Buffer
		for r := range ok {
			if !ok[r] {
				continue
			}
			gi, err := fnt.GlyphIndex(&buf, rune(r))
			ok[r] = err == nil && gi != 0
		}
	}
	return ok
})

// clean makes s safe to hand to fpdf: tabs and line breaks become spaces,
// other control characters (redact.IsControl, bidirectional overrides and
// zero-width characters included) are dropped and runes the fonts cannot
// show become '?'.
func clean(s string) string {
	return cleanText(s, false)
}

// cleanLines is clean but keeps line breaks, for wrapped paragraphs.
func cleanLines(s string) string {
	return cleanText(s, true)
}

func cleanText(s string, keepNewlines bool) string {
	ok := covered()
	simple := true
	for _, r := range s {
		if r < 0x20 || r >= 0x7f {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteRune(r)
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case redact.IsControl(r):
			// control characters carry no text, and bidirectional
			// overrides would reorder it
		case r > 0xffff || !ok[r]:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// rgb is a colour; every colour used for meaning is paired with a label or
// a pattern so the document also reads when printed in greyscale.
type rgb struct{ r, g, b int }

var (
	colInk    = rgb{33, 33, 33}
	colMuted  = rgb{97, 97, 97}
	colFaint  = rgb{150, 150, 150}
	colRule   = rgb{200, 200, 200}
	colZebra  = rgb{245, 245, 245}
	colHeadBG = rgb{228, 228, 228}
	colWhite  = rgb{255, 255, 255}
	colAccent = rgb{21, 101, 192}
)

// luminance is the perceived brightness in [0, 1], used to pick a text
// colour that stays readable on a fill.
func (c rgb) luminance() float64 {
	return (0.2126*float64(c.r) + 0.7152*float64(c.g) + 0.0722*float64(c.b)) / 255
}

func (d *doc) setFont(family, style string, size float64) {
	d.f.SetFont(family, style, size)
}

func (d *doc) setColor(c rgb)              { d.f.SetTextColor(c.r, c.g, c.b) }
func (d *doc) setFill(c rgb)               { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *doc) setDraw(c rgb)               { d.f.SetDrawColor(c.r, c.g, c.b) }
func (d *doc) text(x, y float64, s string) { d.f.Text(x, y, clean(s)) }
func (d *doc) strW(s string) float64       { return d.f.GetStringWidth(clean(s)) }

// lineH is the line height in mm for a font size in points.
func lineH(size float64) float64 { return size * 0.3528 * 1.3 }

// split wraps s to width w in the current font. An empty s is one empty line.
func (d *doc) split(s string, w float64) []string {
	s = cleanLines(s)
	if s == "" {
		return []string{""}
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, d.f.SplitText(para, w)...)
	}
	return out
}

// fit shortens s with an ellipsis so that it fits w in the current font.
func (d *doc) fit(s string, w float64) string {
	s = clean(s)
	if d.f.GetStringWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && d.f.GetStringWidth(string(rs)+"…") > w {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// para writes wrapped text across the content width, breaking pages as needed.
func (d *doc) para(s string, style string, size float64, c rgb) {
	d.setFont(fontSans, style, size)
	d.setColor(c)
	d.f.SetX(d.left)
	d.f.MultiCell(d.cw, lineH(size), cleanLines(s), "", "L", false)
}

// paraHeight is the height para would use.
func (d *doc) paraHeight(s string, style string, size float64, w float64) float64 {
	d.setFont(fontSans, style, size)
	return float64(len(d.split(s, w))) * lineH(size)
}

// ensure starts a new page when less than h mm remain.
func (d *doc) ensure(h float64) {
	if d.f.GetY()+h > d.bottom {
		d.f.AddPage()
	}
}

// gap moves down by h mm unless that crosses the page end.
func (d *doc) gap(h float64) {
	if d.f.GetY()+h > d.bottom {
		d.f.AddPage()
		return
	}
	d.f.SetY(d.f.GetY() + h)
}

// subheading writes a bold heading, kept together with keep mm of what follows.
func (d *doc) subheading(s string, keep float64) {
	d.ensure(9 + keep)
	d.setFont(fontSans, "B", 11.5)
	d.setColor(colInk)
	y := d.f.GetY() + d.space(5)
	d.text(d.left, y, s)
	d.f.SetY(y + d.space(3))
}

// labelValue writes "label: value" rows in two columns.
func (d *doc) labelValues(rows [][2]string, labelW float64, size float64) {
	for _, kv := range rows {
		d.setFont(fontSans, "", size)
		lines := d.split(kv[1], d.cw-labelW)
		h := float64(len(lines)) * lineH(size)
		d.ensure(h + 1)
		y := d.f.GetY()
		d.setFont(fontSans, "B", size)
		d.setColor(colMuted)
		d.text(d.left, y+lineH(size)*0.75, kv[0])
		d.setFont(fontSans, "", size)
		d.setColor(colInk)
		for i, l := range lines {
			d.text(d.left+labelW, y+lineH(size)*(float64(i)+0.75), l)
		}
		d.f.SetY(y + h + 0.8)
	}
}

// run is a stretch of text in one font, for lines that mix fonts.
type run struct {
	text   string
	family string
	style  string
	size   float64
	color  rgb
}

// piece is the part of a run that lands on one line, at offset x.
type piece struct {
	run
	x float64
}

// wrapRuns wraps runs to width w, word by word, keeping each word in its
// run's font. Words are separated by single spaces; a word wider than w is
// shortened with an ellipsis.
func (d *doc) wrapRuns(runs []run, w float64) [][]piece {
	var lines [][]piece
	var line []piece
	x := 0.0
	for _, r := range runs {
		d.setFont(r.family, r.style, r.size)
		space := d.f.GetStringWidth(" ")
		for _, word := range strings.Fields(clean(r.text)) {
			ww := d.f.GetStringWidth(word)
			if ww > w {
				word = d.fit(word, w)
				ww = d.f.GetStringWidth(word)
			}
			gap := 0.0
			if len(line) > 0 {
				gap = space
			}
			if len(line) > 0 && x+gap+ww > w {
				lines = append(lines, line)
				line, x, gap = nil, 0, 0
			}
			// extend the last piece when it is in the same run
			if n := len(line); n > 0 && line[n-1].family == r.family && line[n-1].style == r.style &&
				line[n-1].size == r.size && line[n-1].color == r.color {
				line[n-1].text += " " + word
			} else {
				p := piece{run: r, x: x + gap}
				p.text = word
				line = append(line, p)
			}
			x += gap + ww
		}
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines
}

// drawRuns draws wrapped lines with their first baseline at y, lineH mm apart.
func (d *doc) drawRuns(lines [][]piece, x, y, lh float64) {
	for i, l := range lines {
		for _, p := range l {
			d.setFont(p.family, p.style, p.size)
			d.setColor(p.color)
			d.f.Text(x+p.x, y+lh*float64(i), p.text)
		}
	}
}

// firstSentence returns s up to the end of its first sentence: a full stop
// followed by a space and a capital letter or digit, so that decimals such
// as "81.5 %" and abbreviations such as "e.g. the" do not end it.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i+2 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			c := s[i+2]
			if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				return s[:i+1]
			}
		}
	}
	return s
}
