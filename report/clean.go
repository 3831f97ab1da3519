package report

import (
	"reflect"

	"github.com/assure-dev/assure/internal/redact"
)

// Clean removes the control characters (redact.IsControl: ESC and the other
// C0 and C1 controls, bidirectional overrides, zero-width characters; line
// feeds stay) from every string of the report, map keys included. Much of a
// report is text from the user's files — the organisation's name, source
// systems, application names in findings, a custom catalogue's titles,
// waiver justifications — and a control character in one would act on the
// terminal that prints it, reorder the PDF or Markdown around it, or reach
// whoever reads report.json with jq. The assessment cleans the report it
// builds and Decode the one it reads, so every renderer is handed clean
// text. Every string is walked, not a list of fields, so that a field added
// later is covered too. Two map keys that differ only in control characters
// become one, their counts added.
func Clean(r *Report) {
	if r != nil {
		clean(reflect.ValueOf(r).Elem())
	}
}

func clean(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s := redact.Lines(v.String()); s != v.String() {
			v.SetString(s)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			clean(v.Elem())
		}
	case reflect.Interface:
		// metric values and thresholds: numbers, booleans, the odd string
		if !v.IsNil() && v.Elem().Kind() == reflect.String {
			if s := redact.Lines(v.Elem().String()); s != v.Elem().String() {
				v.Set(reflect.ValueOf(s))
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				clean(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			clean(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		for _, k := range v.MapKeys() { // a snapshot: entries are replaced below
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(v.MapIndex(k))
			clean(val)
			nk := k
			if k.Kind() == reflect.String {
				if s := redact.Lines(k.String()); s != k.String() {
					nk = reflect.New(k.Type()).Elem()
					nk.SetString(s)
					v.SetMapIndex(k, reflect.Value{})
					if prev := v.MapIndex(nk); prev.IsValid() && prev.CanInt() {
						val.SetInt(val.Int() + prev.Int())
					}
				}
			}
			v.SetMapIndex(nk, val)
		}
	}
}
