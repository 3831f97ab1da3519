package pdf_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/pdf"
)

func ExampleRender() {
	b, err := os.ReadFile("testdata/sample-report.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	// report.Decode validates report.json against its schema first.
	r, err := report.Decode(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := pdf.Render(r, pdf.Options{Paper: "letter"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.HasPrefix(out, []byte("%PDF-")))
	// Output: true
}
