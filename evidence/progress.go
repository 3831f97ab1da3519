package evidence

import (
	"time"
)

// Progress is how far the reading of one source has come, for a progress
// line on a terminal.
type Progress struct {
	Path    string // as the manifest names it
	Kind    Kind
	Bytes   int64 // of the file read so far (compressed bytes, when it is)
	Size    int64 // the file's size; 0 when unknown
	Records int   // records kept so far
	Elapsed time.Duration
}

// progressEvery is how many items a source gives between two progress
// reports: a counter and a mask on the hot path, a clock reading now and
// then.
const progressEvery = 4096

// OnProgress has fn called while sources are read, every few thousand records
// of a source (a short source is never reported). fn runs in the goroutine
// that reads, between two records, and must be quick. nil turns it off.
func (f *Folder) OnProgress(fn func(Progress)) { f.progress = fn }

// tick counts one item of the source being read (a record, or a vendor
// record skipped) and reports progress now and then.
func (s *Set) tick(st *SourceStats) {
	st.seen++
	if st.seen%progressEvery == 0 {
		s.report(st)
	}
}

func (s *Set) report(st *SourceStats) {
	f := s.Folder
	if f.progress == nil || f.reading == nil {
		return
	}
	hf := f.reading
	f.progress(Progress{Path: st.Path, Kind: st.Kind, Bytes: hf.raw.n.Load(), Size: hf.size, Records: st.Records, Elapsed: time.Since(hf.opened)})
}
