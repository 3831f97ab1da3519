package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// This file is a small PDF text reader for the tests: it finds the page
// content streams, inflates them, follows each page's font resources to
// the fonts' ToUnicode CMaps and decodes every string shown with Tj or TJ.
// It reads what fpdf writes (direct /Length, no object streams), which is
// all the tests need.

type pdfObject struct {
	dict   string
	stream []byte // inflated when the dictionary names FlateDecode
}

type pdfFile struct {
	objects map[int]pdfObject
	pages   []int // page object numbers in order
}

var (
	reObj    = regexp.MustCompile(`(\d+) 0 obj`)
	reLength = regexp.MustCompile(`/Length (\d+)`)
	reRef    = regexp.MustCompile(`(\d+) 0 R`)

	reDescendant = regexp.MustCompile(`/DescendantFonts \[\s*(\d+) 0 R`)
)

func parsePDF(b []byte) (*pdfFile, error) {
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return nil, fmt.Errorf("no %%PDF- header")
	}
	p := &pdfFile{objects: map[int]pdfObject{}}
	pos := 0
	for {
		loc := reObj.FindSubmatchIndex(b[pos:])
		if loc == nil {
			break
		}
		num, _ := strconv.Atoi(string(b[pos+loc[2] : pos+loc[3]]))
		start := pos + loc[1]
		end := bytes.Index(b[start:], []byte("endobj"))
		if end < 0 {
			return nil, fmt.Errorf("object %d: no endobj", num)
		}
		st := bytes.Index(b[start:], []byte("stream"))
		obj := pdfObject{}
		if st >= 0 && st < end {
			obj.dict = string(b[start : start+st])
			m := reLength.FindStringSubmatch(obj.dict)
			if m == nil {
				return nil, fmt.Errorf("object %d: stream without direct /Length", num)
			}
			n, _ := strconv.Atoi(m[1])
			s := start + st + len("stream")
			if b[s] == '\r' {
				s++
			}
			if b[s] == '\n' {
				s++
			}
			if s+n > len(b) {
				return nil, fmt.Errorf("object %d: stream runs past the end", num)
			}
			data := b[s : s+n]
			if strings.Contains(obj.dict, "/FlateDecode") {
				zr, err := zlib.NewReader(bytes.NewReader(data))
				if err != nil {
					return nil, fmt.Errorf("object %d: %w", num, err)
				}
				if data, err = io.ReadAll(zr); err != nil {
					return nil, fmt.Errorf("object %d: %w", num, err)
				}
			}
			obj.stream = data
			end = bytes.Index(b[s+n:], []byte("endobj"))
			if end < 0 {
				return nil, fmt.Errorf("object %d: no endobj after stream", num)
			}
			pos = s + n + end + len("endobj")
		} else {
			obj.dict = string(b[start : start+end])
			pos = start + end + len("endobj")
		}
		p.objects[num] = obj
	}
	for _, o := range p.objects {
		if strings.Contains(o.dict, "/Type /Pages") {
			i := strings.Index(o.dict, "/Kids [")
			if i < 0 {
				return nil, fmt.Errorf("pages object without /Kids")
			}
			kids := o.dict[i : strings.Index(o.dict[i:], "]")+i]
			for _, m := range reRef.FindAllStringSubmatch(kids, -1) {
				n, _ := strconv.Atoi(m[1])
				p.pages = append(p.pages, n)
			}
		}
	}
	return p, nil
}

// ref returns the object number after key in dict ("/Contents 5 0 R").
func ref(dict, key string) (int, bool) {
	m := regexp.MustCompile(regexp.QuoteMeta(key) + ` (\d+) 0 R`).FindStringSubmatch(dict)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, true
}

// cmap maps 2-byte character codes to text, from a ToUnicode CMap: codes
// one by one, and ranges of codes onto consecutive UTF-16 units, kept as
// ranges (fpdf maps the whole <0000> <FFFF> range in one line, and
// expanding it costs more than reading the rest of the PDF).
type cmap struct {
	chars  map[uint16]string
	ranges []cmapRange
}

// cmapRange maps the codes lo to hi onto the units dst to dst+hi-lo.
type cmapRange struct{ lo, hi, dst uint16 }

// text is the text of code, false when the CMap does not map it.
func (m *cmap) text(code uint16) (string, bool) {
	if t, ok := m.chars[code]; ok {
		return t, true
	}
	for _, r := range m.ranges {
		if code >= r.lo && code <= r.hi {
			return string(utf16.Decode([]uint16{r.dst + code - r.lo})), true
		}
	}
	return "", false
}

var (
	reBfchar  = regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	reBfrange = regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`)
	reHex     = regexp.MustCompile(`<([0-9A-Fa-f]+)>|\[([^\]]*)\]`)
)

func hexText(h string) string {
	var units []uint16
	for i := 0; i+4 <= len(h); i += 4 {
		v, _ := strconv.ParseUint(h[i:i+4], 16, 16)
		units = append(units, uint16(v))
	}
	return string(utf16.Decode(units))
}

func parseCMap(src string) *cmap {
	m := &cmap{chars: map[uint16]string{}}
	for _, blk := range reBfchar.FindAllStringSubmatch(src, -1) {
		toks := reHex.FindAllStringSubmatch(blk[1], -1)
		for i := 0; i+1 < len(toks); i += 2 {
			code, _ := strconv.ParseUint(toks[i][1], 16, 16)
			m.chars[uint16(code)] = hexText(toks[i+1][1])
		}
	}
	for _, blk := range reBfrange.FindAllStringSubmatch(src, -1) {
		toks := reHex.FindAllStringSubmatch(blk[1], -1)
		for i := 0; i+2 < len(toks); i += 3 {
			lo, _ := strconv.ParseUint(toks[i][1], 16, 16)
			hi, _ := strconv.ParseUint(toks[i+1][1], 16, 16)
			if toks[i+2][2] != "" { // array form: one destination per code
				for j, d := range reHex.FindAllStringSubmatch(toks[i+2][2], -1) {
					m.chars[uint16(lo)+uint16(j)] = hexText(d[1])
				}
				continue
			}
			dst, _ := strconv.ParseUint(toks[i+2][1], 16, 16)
			m.ranges = append(m.ranges, cmapRange{uint16(lo), uint16(hi), uint16(dst)})
		}
	}
	return m
}

// font is what the reader knows of one font resource.
type font struct {
	obj      int
	toUni    *cmap
	cidToGID []byte // CIDToGIDMap stream, 2 bytes per CID
}

func (p *pdfFile) font(obj int) *font {
	o := p.objects[obj]
	ft := &font{obj: obj}
	if n, ok := ref(o.dict, "/ToUnicode"); ok {
		ft.toUni = parseCMap(string(p.objects[n].stream))
	}
	if m := reDescendant.FindStringSubmatch(o.dict); m != nil {
		n, _ := strconv.Atoi(m[1])
		if g, ok := ref(p.objects[n].dict, "/CIDToGIDMap"); ok {
			ft.cidToGID = p.objects[g].stream
		}
	}
	return ft
}

// shown is one string drawn on a page and the font it was drawn in.
type shown struct {
	text  string
	font  *font
	codes []uint16
}

// pageText returns the strings shown on each page, in stream order.
func (p *pdfFile) pageText() ([][]shown, error) {
	fonts := map[int]*font{}
	reFontRes := regexp.MustCompile(`/(F\w+) (\d+) 0 R`)
	var out [][]shown
	for _, pg := range p.pages {
		dict := p.objects[pg].dict
		res := dict
		if n, ok := ref(dict, "/Resources"); ok {
			res = p.objects[n].dict
		}
		byName := map[string]*font{}
		if i := strings.Index(res, "/Font <<"); i >= 0 {
			j := strings.Index(res[i:], ">>")
			for _, m := range reFontRes.FindAllStringSubmatch(res[i:i+j], -1) {
				n, _ := strconv.Atoi(m[2])
				if fonts[n] == nil {
					fonts[n] = p.font(n)
				}
				byName[m[1]] = fonts[n]
			}
		}
		c, ok := ref(dict, "/Contents")
		if !ok {
			return nil, fmt.Errorf("page object %d has no /Contents", pg)
		}
		texts, err := showText(p.objects[c].stream, byName)
		if err != nil {
			return nil, fmt.Errorf("page object %d: %w", pg, err)
		}
		out = append(out, texts)
	}
	return out, nil
}

// showText tokenises a content stream far enough to follow Tf, Tj and TJ.
func showText(s []byte, fonts map[string]*font) ([]shown, error) {
	var out []shown
	var cur *font
	var operands []any // string ([]byte), name (string) or array ([][]byte)
	var array [][]byte
	inArray := false
	decode := func(raw []byte) {
		sh := shown{font: cur}
		var b strings.Builder
		for i := 0; i+1 < len(raw); i += 2 {
			code := uint16(raw[i])<<8 | uint16(raw[i+1])
			sh.codes = append(sh.codes, code)
			if cur != nil && cur.toUni != nil {
				if t, ok := cur.toUni.text(code); ok {
					b.WriteString(t)
					continue
				}
			}
			b.WriteRune('\uFFFD')
		}
		sh.text = b.String()
		out = append(out, sh)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '(':
			str, n, err := literal(s[i:])
			if err != nil {
				return nil, err
			}
			i += n
			if inArray {
				array = append(array, str)
			} else {
				operands = append(operands, str)
			}
		case c == '<' && i+1 < len(s) && s[i+1] != '<':
			j := bytes.IndexByte(s[i:], '>')
			h := strings.Map(func(r rune) rune {
				if strings.ContainsRune(" \n\r\t", r) {
					return -1
				}
				return r
			}, string(s[i+1:i+j]))
			if len(h)%2 == 1 {
				h += "0"
			}
			raw := make([]byte, len(h)/2)
			for k := range raw {
				v, _ := strconv.ParseUint(h[2*k:2*k+2], 16, 8)
				raw[k] = byte(v)
			}
			if inArray {
				array = append(array, raw)
			} else {
				operands = append(operands, raw)
			}
			i += j + 1
		case c == '[':
			inArray, array = true, nil
			i++
		case c == ']':
			inArray = false
			operands = append(operands, array)
			i++
		case c == '/':
			j := i + 1
			for j < len(s) && !strings.ContainsRune(" \n\r\t/[]()<>", rune(s[j])) {
				j++
			}
			operands = append(operands, string(s[i+1:j]))
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' || c == '"' || c == '*':
			j := i
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] == '\'' || s[j] == '"' || s[j] == '*' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			switch op := string(s[i:j]); op {
			case "Tf":
				for k := len(operands) - 1; k >= 0; k-- {
					if name, ok := operands[k].(string); ok {
						cur = fonts[name]
						break
					}
				}
			case "Tj", "'", "\"":
				if len(operands) > 0 {
					if raw, ok := operands[len(operands)-1].([]byte); ok {
						decode(raw)
					}
				}
			case "TJ":
				if len(operands) > 0 {
					if arr, ok := operands[len(operands)-1].([][]byte); ok {
						decode(bytes.Join(arr, nil))
					}
				}
			}
			operands = operands[:0]
			i = j
		default:
			i++
		}
	}
	return out, nil
}

// literal reads a PDF literal string at the start of s and returns its
// bytes and the number of input bytes used.
func literal(s []byte) ([]byte, int, error) {
	var out []byte
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, i + 1, nil
			}
			out = append(out, c)
		case '\\':
			i++
			if i >= len(s) {
				return nil, 0, fmt.Errorf("string ends in a backslash")
			}
			switch e := s[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r', '\n':
				// line continuation
			default:
				if e >= '0' && e <= '7' {
					v := 0
					k := 0
					for ; k < 3 && i+k < len(s) && s[i+k] >= '0' && s[i+k] <= '7'; k++ {
						v = v*8 + int(s[i+k]-'0')
					}
					out = append(out, byte(v))
					i += k - 1
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, c)
		}
	}
	return nil, 0, fmt.Errorf("unterminated string")
}
