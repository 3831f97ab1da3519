package evidence

import (
	"iter"
	"time"

	"github.com/assure-dev/assure/internal/problem"
)

// streamKind yields the records of every source of kind k, native or vendor,
// with user ids normalised through the identity mapping and every record
// counted once by its id (repeats.go). fields returns a record's time and its
// user id, to rewrite in place.
func streamKind[T any](s *Set, k Kind, dec lineDecoder[T], fields func(*T) (time.Time, *string)) iter.Seq2[T, *problem.Problem] {
	return func(yield func(T, *problem.Problem) bool) {
		var zero T
		if s.Join != nil {
			s.Join[k] = &JoinStats{}
		}
		delete(s.ids, k)       // a new reading counts afresh
		defer delete(s.ids, k) // and its ids are not kept after it
		for _, st := range s.Sources {
			if st.Kind != k || st.unreadable {
				continue
			}
			file := s.Folder.Display(st.Path)
			hf, err := s.Folder.openSource(st.Path)
			if err != nil {
				if !yield(zero, &problem.Problem{File: s.Folder.Display(ManifestName), Line: st.Line, Msg: err.Error()}) {
					return
				}
				continue
			}
			st.Records, st.Outside, st.Skipped, st.Repeats, st.Conflicts, st.Keyed = 0, 0, nil, 0, 0, false
			failed, stopped := false, false
			// deliver hands one record or problem on, unless the record
			// repeats one already read; false means stop.
			deliver := func(rec T, id string, parts []string, p *problem.Problem) bool {
				if p != nil {
					failed = true
					stopped = !yield(zero, p)
					return !stopped
				}
				at, user := fields(&rec)
				*user = s.person(*user)
				if s.repeat(st, rec, id, parts) {
					return true
				}
				s.joined(k, *user)
				st.Records++
				s.tick(st)
				if !s.inPeriods(at) {
					st.Outside++
				}
				s.dayOf(k, at)
				stopped = !yield(rec, nil)
				return !stopped
			}
			if a, ok := s.formats.Lookup(st.Format); ok && st.Format != nativeFormat[k] {
				err := a.Read(hf, k, func(it Item) bool {
					rec, p := s.accept(st, file, it)
					if p != nil {
						return deliver(zero, "", nil, p)
					}
					if r, ok := rec.(T); ok {
						return deliver(r, it.ID, it.Parts, nil)
					}
					return true
				})
				if err != nil && !stopped {
					deliver(zero, "", nil, sourceProblem(file, err))
				}
			} else {
				for rec, p := range streamJSONL(hf, file, dec) {
					if !deliver(rec, "", nil, p) {
						break
					}
				}
			}
			if stopped {
				hf.Close()
				return
			}
			digest, n, err := hf.finish()
			hf.Close()
			if err != nil && !failed {
				if !yield(zero, &problem.Problem{File: file, Msg: err.Error()}) {
					return
				}
				continue
			}
			st.SHA256, st.Bytes, st.read = digest, n, true
			st.noteRepeats()
		}
	}
}
