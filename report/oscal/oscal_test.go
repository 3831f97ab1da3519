package oscal

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/assure-dev/assure/report"
	"github.com/assure-dev/assure/report/reporttest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The tests render the golden report of every scenario (reporttest) and
// validate each document against the NIST OSCAL 1.1.3 complete schema.

const schemaFile = "testdata/oscal_complete_schema-1.1.3.json"

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// oscalSchema compiles the NIST schema once per test binary. The schema is
// draft-07; its patterns (\p{L}, \p{N}, \S) are all RE2, so Go's regexp engine,
// the library's default, runs them as written, and format assertions
// (date-time, uri, uri-reference, email) are on for draft-07.
func oscalSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		f, err := os.Open(schemaFile)
		if err != nil {
			schemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft7)
		if err := c.AddResource(schemaFile, doc); err != nil {
			schemaErr = err
			return
		}
		schema, schemaErr = c.Compile(schemaFile)
	})
	if schemaErr != nil {
		t.Fatalf("compile the OSCAL schema: %v", schemaErr)
	}
	return schema
}

func validate(t testing.TB, b []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return oscalSchema(t).Validate(v)
}

func render(t testing.TB, r *report.Report) ([]byte, document) {
	t.Helper()
	b, err := Render(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc document
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("the document does not decode into the package's model: %v", err)
	}
	return b, doc
}

var tokenRE = regexp.MustCompile(`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`)

func TestFixtures(t *testing.T) {
	statuses := map[report.Status]bool{}
	for _, sc := range reporttest.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			r := reporttest.Report(t, sc.Name)
			for _, c := range r.Controls {
				statuses[c.Status] = true
			}
			b, doc := render(t, r)
			if err := validate(t, b); err != nil {
				t.Fatalf("%s does not validate against the OSCAL 1.1.3 schema: %v", sc.Name, err)
			}
			if !bytes.HasSuffix(b, []byte("}\n")) || !bytes.HasPrefix(b, []byte("{\n  \"assessment-results\": {\n")) {
				t.Errorf("not indented JSON ending in a newline: %.40q … %q", b, b[len(b)-5:])
			}
			checkDocument(t, r, doc)
			checkReferences(t, b, doc)
			checkNoPersonalData(t, b, reporttest.FixtureDir(sc))
		})
	}
	// the scenarios between them hold every status, so every mapping is tried
	for _, st := range report.Statuses() {
		if !statuses[st] {
			t.Errorf("no scenario holds a %s control", st)
		}
	}
}

func checkDocument(t *testing.T, r *report.Report, doc document) {
	ar := doc.AssessmentResults
	md := ar.Metadata
	if md.OSCALVersion != "1.1.3" || md.LastModified != r.GeneratedAt || !strings.Contains(md.Title, r.Organization) {
		t.Errorf("metadata = %+v", md)
	}
	if len(md.Parties) != 1 || md.Parties[0].Type != "organization" || md.Parties[0].Name != r.Organization {
		t.Errorf("parties = %+v, want the organisation only", md.Parties)
	}
	if !strings.HasPrefix(ar.ImportAP.Href, "#") {
		t.Errorf("import-ap href = %q", ar.ImportAP.Href)
	}
	if len(ar.Results) != 1 {
		t.Fatalf("%d results, want 1", len(ar.Results))
	}
	res := ar.Results[0]
	if res.Start != r.Period.Start+"T00:00:00Z" || res.End != r.Period.End+"T23:59:59Z" {
		t.Errorf("start, end = %s, %s for period %+v", res.Start, res.End, r.Period)
	}
	if !strings.Contains(res.Title, r.Verdict.Statement) || !strings.Contains(res.Description, r.Verdict.Statement) ||
		!strings.Contains(res.Description, r.Verdict.Rule) {
		t.Errorf("result title/description lack the verdict statement or rule: %q", res.Title)
	}

	// Reviewed controls: one selection per framework reference, as tokens.
	if got := len(res.ReviewedControls.ControlSelections); got != len(r.Frameworks) {
		t.Errorf("%d control selections, want %d", got, len(r.Frameworks))
	}
	ids := map[string]bool{}
	for _, cs := range res.ReviewedControls.ControlSelections {
		for _, ic := range cs.IncludeControls {
			if !tokenRE.MatchString(ic.ControlID) {
				t.Errorf("control-id %q is not a token", ic.ControlID)
			}
			ids[ic.ControlID] = true
		}
	}
	aal2 := "sp-800-63b-4-2.2.1"
	if r.SP80063B == "rev3" {
		aal2 = "sp-800-63b-rev-3-4.2.1"
	}
	for _, want := range []string{"pr.aa-01", aal2, "sp-800-63-4-3.5", "govern-3.2"} {
		if len(r.Frameworks) > 0 && !ids[want] {
			t.Errorf("reviewed controls lack %s", want)
		}
	}

	// Observations: one per metric, measured or named by a check.
	metrics := map[string]bool{}
	attested := map[string]bool{} // checked by a control that rests on attestations
	for m := range r.Metrics {
		metrics[m] = true
	}
	for _, c := range r.Controls {
		for _, ch := range c.Checks {
			metrics[ch.Metric] = true
			attested[ch.Metric] = attested[ch.Metric] || c.Attested
		}
	}
	if len(res.Observations) != len(metrics) {
		t.Errorf("%d observations, want %d (one per metric)", len(res.Observations), len(metrics))
	}
	obsByUUID := map[string]observation{}
	for _, o := range res.Observations {
		obsByUUID[o.UUID] = o
		if !metrics[o.Title] {
			t.Errorf("observation %q names no metric", o.Title)
		}
		delete(metrics, o.Title)
		want := "TEST"
		if d, ok := r.MetricDetails[o.Title]; d.Attested || !ok && attested[o.Title] {
			want = "EXAMINE"
		}
		if len(o.Methods) != 1 || o.Methods[0] != want {
			t.Errorf("%s: methods %v, want [%s]", o.Title, o.Methods, want)
		}
		if v, ok := r.Metrics[o.Title]; ok {
			raw, _ := rawValue(v)
			if got := propValue(o.Props, "measured-value"); got != raw {
				t.Errorf("%s: measured-value %q, want %q", o.Title, got, raw)
			}
			if d, ok := r.MetricDetails[o.Title]; ok {
				if got, want := propValue(o.Props, "sample-size"), itoa(d.N); got != want {
					t.Errorf("%s: sample-size %q, want %q", o.Title, got, want)
				}
			}
		} else if propValue(o.Props, "measurement") != "not-measured" {
			t.Errorf("%s: an unmeasured metric is not marked so: %+v", o.Title, o.Props)
		}
		if len(o.Subjects) != len(o.RelevantEvidence) {
			t.Errorf("%s: %d subjects, %d relevant evidence", o.Title, len(o.Subjects), len(o.RelevantEvidence))
		}
		for _, ev := range o.RelevantEvidence {
			if propValue(ev.Props, "sha256") == "" || propValue(ev.Props, "path") == "" {
				t.Errorf("%s: relevant evidence without path or hash: %+v", o.Title, ev)
			}
		}
	}
	if len(metrics) > 0 {
		t.Errorf("metrics without an observation: %v", metrics)
	}

	// Findings: one per control that is not not_applicable.
	findings := map[string]finding{}
	for _, f := range res.Findings {
		if _, dup := findings[f.Target.TargetID]; dup {
			t.Errorf("two findings for %s", f.Target.TargetID)
		}
		findings[f.Target.TargetID] = f
	}
	risks := map[string]risk{}
	for _, rk := range res.Risks {
		risks[rk.UUID] = rk
	}
	na, waived := 0, 0
	for _, c := range r.Controls {
		f, ok := findings[c.ID]
		if c.Status == "not_applicable" {
			na++
			if ok {
				t.Errorf("%s is not applicable but has a finding", c.ID)
			}
			if !slices.ContainsFunc(res.Props, func(x prop) bool { return x.Name == "not-applicable-control" && x.Value == c.ID }) {
				t.Errorf("%s: not applicable but not listed in the result props", c.ID)
			}
			continue
		}
		if !ok {
			t.Errorf("no finding for %s", c.ID)
			continue
		}
		if f.Target.Type != "objective-id" {
			t.Errorf("%s: target type %q", c.ID, f.Target.Type)
		}
		want := map[report.Status]string{report.Pass: "satisfied", report.Fail: "not-satisfied", report.InsufficientEvidence: "not-satisfied", report.Waived: "not-satisfied"}[c.Status]
		if f.Target.Status.State != want {
			t.Errorf("%s (%s): state %q, want %q", c.ID, c.Status, f.Target.Status.State, want)
		}
		wantReason := map[report.Status]string{report.Pass: "pass", report.Fail: "fail", report.InsufficientEvidence: "other", report.Waived: "fail"}[c.Status]
		if f.Target.Status.Reason != wantReason || propValue(f.Props, "status") != string(c.Status) {
			t.Errorf("%s (%s): reason %q, status prop %q", c.ID, c.Status, f.Target.Status.Reason, propValue(f.Props, "status"))
		}
		if !strings.Contains(f.Description, strings.TrimSpace(c.Finding)) {
			t.Errorf("%s: the description lacks the finding text", c.ID)
		}
		if c.Status != "pass" && !strings.Contains(f.Remarks, c.Remediation) {
			t.Errorf("%s: the remarks lack the remediation", c.ID)
		}
		var checked []string
		for _, ch := range c.Checks {
			if !slices.Contains(checked, ch.Metric) {
				checked = append(checked, ch.Metric)
			}
		}
		if len(f.RelatedObservations) != len(checked) {
			t.Errorf("%s: %d related observations, want %d", c.ID, len(f.RelatedObservations), len(checked))
		}
		for i, ro := range f.RelatedObservations {
			if o, ok := obsByUUID[ro.ObservationUUID]; !ok || o.Title != checked[i] {
				t.Errorf("%s: related observation %d is %q, want %s", c.ID, i, o.Title, checked[i])
			}
		}
		if c.Status == "waived" {
			waived++
			if len(f.RelatedRisks) != 1 {
				t.Fatalf("%s: waived without a related risk", c.ID)
			}
			rk, ok := risks[f.RelatedRisks[0].RiskUUID]
			if !ok || rk.Status != "deviation-approved" || propValue(rk.Props, "risk-register-id") != c.Waiver.RiskRegisterID {
				t.Errorf("%s: risk = %+v", c.ID, rk)
			}
		} else if len(f.RelatedRisks) > 0 {
			t.Errorf("%s (%s) has related risks", c.ID, c.Status)
		}
	}
	if len(res.Findings) != len(r.Controls)-na {
		t.Errorf("%d findings for %d controls of which %d not applicable", len(res.Findings), len(r.Controls), na)
	}
	if len(res.Risks) != waived || waived != r.Summary.Waived || na != r.Summary.NotApplicable {
		t.Errorf("%d risks, %d waived, %d not applicable; summary %+v", len(res.Risks), waived, na, r.Summary)
	}

	// Evidence: one back-matter resource per source, with its hash.
	hashes := map[string]bool{}
	for _, rs := range ar.BackMatter.Resources {
		for _, l := range rs.Rlinks {
			for _, h := range l.Hashes {
				if h.Algorithm == "SHA-256" {
					hashes[l.Href+" "+h.Value] = true
				}
			}
		}
	}
	for _, ev := range r.Evidence {
		if !hashes[ev.Path+" "+ev.SHA256] {
			t.Errorf("no back-matter resource with %s and its SHA-256", ev.Path)
		}
	}
}

// checkReferences checks that every UUID is a version-5 UUID defined once, and
// that every reference resolves.
func checkReferences(t *testing.T, b []byte, doc document) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	defined := map[string]int{}
	var refs []string
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, e := range x {
				s, _ := e.(string)
				switch {
				case k == "uuid":
					defined[s]++
				case strings.HasSuffix(k, "-uuid"):
					refs = append(refs, s)
				case k == "href" && strings.HasPrefix(s, "#"):
					refs = append(refs, s[1:])
				case k == "party-uuids":
					for _, p := range e.([]any) {
						refs = append(refs, p.(string))
					}
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	v5 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for id, n := range defined {
		if n != 1 || !v5.MatchString(id) {
			t.Errorf("uuid %s defined %d times (version 5 lower case: %v)", id, n, v5.MatchString(id))
		}
	}
	for _, id := range refs {
		if defined[id] == 0 {
			t.Errorf("reference to undefined uuid %s", id)
		}
	}
	if len(refs) < len(doc.AssessmentResults.Results[0].Findings) {
		t.Errorf("only %d references", len(refs))
	}
}

func TestReproducible(t *testing.T) {
	for _, sc := range reporttest.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			r := reporttest.Report(t, sc.Name)
			a, err := Render(r)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Render(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatal("two renderings of the same report differ")
			}
			// The report read back from report.json gives the same bytes.
			j, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var back report.Report
			if err := json.Unmarshal(j, &back); err != nil {
				t.Fatal(err)
			}
			c, err := Render(&back)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, c) {
				t.Fatal("the report decoded from JSON renders differently")
			}
		})
	}
}

// TestUUIDsFollowContent checks that UUIDs depend on the organisation and
// period, so two assessments never share them.
func TestUUIDsFollowContent(t *testing.T) {
	r := reporttest.Report(t, "sample")
	_, a := render(t, r)
	other := *r
	other.Organization += " Ltd"
	_, b := render(t, &other)
	if a.AssessmentResults.UUID == b.AssessmentResults.UUID ||
		a.AssessmentResults.Results[0].Findings[0].UUID == b.AssessmentResults.Results[0].Findings[0].UUID {
		t.Error("another organisation gives the same UUIDs")
	}
}

// TestSchemaRejects makes sure the validation really runs: documents broken in
// ways the schema forbids must fail it.
func TestSchemaRejects(t *testing.T) {
	b, err := Render(reporttest.Report(t, "sample"))
	if err != nil {
		t.Fatal(err)
	}
	breaks := map[string]func(ar map[string]any){
		"state": func(ar map[string]any) {
			finding0(ar)["target"].(map[string]any)["status"].(map[string]any)["state"] = "passed"
		},
		"uuid":      func(ar map[string]any) { ar["uuid"] = "not-a-uuid" },
		"import-ap": func(ar map[string]any) { delete(ar, "import-ap") },
		"control-id": func(ar map[string]any) {
			result0(ar)["reviewed-controls"].(map[string]any)["control-selections"].([]any)[0].(map[string]any)["include-controls"].([]any)[0].(map[string]any)["control-id"] = "AAL2 §4.2.1"
		},
		"date-time": func(ar map[string]any) { result0(ar)["start"] = "2026-07-01" },
		"prop-value": func(ar map[string]any) {
			ar["metadata"].(map[string]any)["props"].([]any)[0].(map[string]any)["value"] = " padded"
		},
		"unknown-key": func(ar map[string]any) { result0(ar)["verdict"] = "reached" },
	}
	for name, brk := range breaks {
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		brk(v["assessment-results"].(map[string]any))
		bad, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if validate(t, bad) == nil {
			t.Errorf("%s: a broken document validates", name)
		}
	}
}

func result0(ar map[string]any) map[string]any { return ar["results"].([]any)[0].(map[string]any) }
func finding0(ar map[string]any) map[string]any {
	return result0(ar)["findings"].([]any)[0].(map[string]any)
}

func TestRenderErrors(t *testing.T) {
	if _, err := Render(nil); err == nil {
		t.Error("nil report: no error")
	}
	good := report.Report{Organization: "Example", Period: report.Period{Start: "2026-07-01", End: "2026-09-30"}, GeneratedAt: "2026-09-30T23:59:59Z"}
	for name, mod := range map[string]func(*report.Report){
		"start":        func(r *report.Report) { r.Period.Start = "2026-7-1" },
		"end":          func(r *report.Report) { r.Period.End = "" },
		"reversed":     func(r *report.Report) { r.Period.Start = "2026-10-01" },
		"generated_at": func(r *report.Report) { r.GeneratedAt = "2026-09-30" },
	} {
		r := good
		mod(&r)
		if _, err := Render(&r); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// A minimal report still gives a valid document.
	b, err := Render(&good)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, b); err != nil {
		t.Errorf("minimal report: %v", err)
	}
}

func TestControlID(t *testing.T) {
	for in, want := range map[string]string{
		"PR.AA-01":      "pr.aa-01",
		"AAL2 §4.2.1":   "aal2-4.2.1",
		"AAL2 §2":       "aal2-2",
		"GOVERN 1.3":    "govern-1.3",
		"  MAP  2.1 ":   "map-2.1",
		"3.1":           "ref-3.1",
		"§§":            "ref",
		"Übersicht Ä/1": "übersicht-ä-1",
	} {
		got := ControlID(in)
		if got != want || !tokenRE.MatchString(got) {
			t.Errorf("ControlID(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct{ framework, ref, want string }{
		{"NIST CSF 2.0", "PR.AA-01", "pr.aa-01"},
		{"NIST AI RMF 1.0", "GOVERN 3.2", "govern-3.2"},
		{"NIST SP 800-63B-4", "§2.2.1", "sp-800-63b-4-2.2.1"},
		{"NIST SP 800-63-4", "§3.5", "sp-800-63-4-3.5"},
		{"NIST SP 800-63B (rev 3)", "§4.2.3", "sp-800-63b-rev-3-4.2.3"},
		{"NIST SP 800-63B-4", "§4.6 (no rev 3 counterpart)", "sp-800-63b-4-4.6-no-rev-3-counterpart"},
	} {
		if got := ReferenceID(tc.framework, tc.ref); got != tc.want || !tokenRE.MatchString(got) {
			t.Errorf("ReferenceID(%q, %q) = %q, want %q", tc.framework, tc.ref, got, tc.want)
		}
	}
}

func TestUUIDv5(t *testing.T) {
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got := formatUUID(uuidV5(dns, "www.example.com")); got != "2ed6657d-e927-568b-95e1-2665a8aea6a2" {
		t.Errorf("uuid5(DNS, www.example.com) = %s", got)
	}
	if got := formatUUID(NamespaceUUID); got != "4ff76d4e-c6d7-5c69-965d-c33b2d78c007" {
		t.Errorf("namespace = %s", got)
	}
}

// checkNoPersonalData fails when a user, device, authenticator or ticket id of
// the evidence folder appears in the document, as a whole word.
func checkNoPersonalData(t *testing.T, b []byte, dir string) {
	words := map[string]bool{}
	for _, w := range regexp.MustCompile(`[\p{L}\p{N}_-]+`).FindAllString(string(b), -1) {
		words[w] = true
	}
	ids := personalIDs(t, dir)
	if len(ids) < 100 {
		t.Fatalf("only %d identifiers read from %s", len(ids), dir)
	}
	for _, id := range ids {
		if words[id] {
			t.Errorf("personal identifier %q in the document", id)
		}
	}
	if bytes.Contains(b, []byte("@")) {
		t.Error("the document contains an @ (an e-mail address?)")
	}
}

// personalIDs reads the user, device, authenticator and ticket ids of an
// evidence folder: the id columns of its CSV files and the user ids of its
// event logs.
func personalIDs(t *testing.T, dir string) []string {
	seen := map[string]bool{}
	columns := map[string]bool{"user_id": true, "device_id": true, "authenticator_id": true, "ticket_id": true}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		rd := csv.NewReader(f)
		rd.FieldsPerRecord = -1
		head, err := rd.Read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for {
			rec, err := rd.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for i, col := range head {
				if columns[col] && i < len(rec) && strings.TrimSpace(rec[i]) != "" {
					seen[strings.TrimSpace(rec[i])] = true
				}
			}
		}
		f.Close()
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "*.jsonl*"))
	for _, name := range logs {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		var rd io.Reader = f
		if strings.HasSuffix(name, ".gz") {
			gz, err := gzip.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			rd = gz
		}
		sc := bufio.NewScanner(rd)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var ev struct {
				UserID string `json:"user_id"`
			}
			if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.UserID != "" {
				seen[ev.UserID] = true
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f.Close()
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func propValue(ps []prop, name string) string {
	for _, x := range ps {
		if x.Name == name {
			return x.Value
		}
	}
	return ""
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func BenchmarkRender(b *testing.B) {
	r := reporttest.Report(b, "sample")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(r); err != nil {
			b.Fatal(err)
		}
	}
}
