package controls

import (
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoadCatalogue feeds arbitrary TOML to the catalogue loader: it must return
// a catalogue or errors that name the file, and never panic.
func FuzzLoadCatalogue(f *testing.F) {
	files, err := BuiltinFiles()
	if err != nil {
		f.Fatal(err)
	}
	for _, b := range files {
		f.Add(string(b))
	}
	f.Add("[[control]]\nid = \"X-01\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		cat, err := loadFS(fstest.MapFS{"c.toml": {Data: []byte(text)}}, "c.toml", "cat")
		if (cat == nil) == (err == nil) {
			t.Fatalf("catalogue %v and error %v", cat, err)
		}
		if err != nil && !strings.Contains(err.Error(), "c.toml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
