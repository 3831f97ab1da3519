package evidence

// Counting a record once. Exports repeat records: overlapping pulls, a page
// fetched twice, two exports of the same window listed as two sources. A
// record that carries an id — the Okta uuid, the Microsoft Graph id, the
// ServiceNow number, the Jira issue key, the OCSF metadata.uid, a native
// event_id, ticket_id, device_id or authenticator_id — is counted once per
// kind, across every page and every source of that kind: a later record with
// the same id is a repeat, dropped and counted on the source it came from
// (SourceStats.Repeats). A record without an id is never deduplicated.
//
// When a repeat differs from the record first read with its id, the first is
// kept and the repeat is also counted as conflicting (SourceStats.Conflicts);
// docs/decisions.md says why.
//
// The ids are not kept: each becomes a 96-bit digest, and its record a 32-bit
// digest of its fields, together one 16-byte slot of an open-addressing table
// (idSet). A kind's table lives while the kind is read and is dropped after.

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math/bits"
	"slices"
	"time"

	"github.com/assure-dev/assure/report/present"
)

// idShards is how many independent tables an idSet is split into: each grows
// on its own, so a growing set never holds two copies of all its slots.
const idShards = 64

// idSet is a set of record ids read for one kind.
type idSet struct {
	h1, h2, hs maphash.Hash
	shards     [idShards]idShard
}

// idSlot is one id: 96 bits of its digest (lo is never 0, which marks an
// empty slot) and the digest of the first record read with it.
type idSlot struct {
	hi      uint64
	lo, sum uint32
}

type idShard struct {
	slots []idSlot // at most four fifths full; it grows by half
	n     int
}

// home is where a slot's probe starts in a shard of n slots: the bits of hi
// below the shard's, scaled to n.
func home(hi uint64, n int) int {
	h, _ := bits.Mul64(hi<<6, uint64(n))
	return int(h)
}

func newIDSet() *idSet {
	s := &idSet{}
	s.h1.SetSeed(maphash.MakeSeed())
	s.h2.SetSeed(maphash.MakeSeed())
	s.hs.SetSeed(maphash.MakeSeed())
	return s
}

// key reduces an id, given as its parts, to a slot without a record digest.
func (s *idSet) key(parts ...string) idSlot {
	s.h1.Reset()
	s.h2.Reset()
	for i, p := range parts {
		if i > 0 {
			s.h1.WriteByte(0)
			s.h2.WriteByte(0)
		}
		s.h1.WriteString(p)
		s.h2.WriteString(p)
	}
	return idSlot{hi: s.h1.Sum64(), lo: uint32(s.h2.Sum64()) | 1}
}

// find returns the shard of k and the index of k's slot in it, or of the empty
// slot where it belongs (-1 when the shard has no slots yet).
func (s *idSet) find(k idSlot) (*idShard, int, bool) {
	sh := &s.shards[k.hi>>58]
	n := len(sh.slots)
	if n == 0 {
		return sh, -1, false
	}
	for i := home(k.hi, n); ; i++ {
		if i == n {
			i = 0
		}
		x := &sh.slots[i]
		if x.lo == 0 {
			return sh, i, false
		}
		if x.hi == k.hi && x.lo == k.lo {
			return sh, i, true
		}
	}
}

// has reports whether k was added.
func (s *idSet) has(k idSlot) bool {
	_, _, found := s.find(k)
	return found
}

// add records k with the digest of its record. It reports whether k was
// there already and, if so, whether the first record's digest differs.
func (s *idSet) add(k idSlot, sum uint32) (repeat, differs bool) {
	sh, i, found := s.find(k)
	if found {
		return true, sh.slots[i].sum != sum
	}
	if i < 0 || (sh.n+1)*5 > len(sh.slots)*4 {
		sh.grow()
		_, i, _ = s.find(k)
	}
	k.sum = sum
	sh.slots[i] = k
	sh.n++
	return false, false
}

func (sh *idShard) grow() {
	old := sh.slots
	n := max(64, len(old)+len(old)/2)
	sh.slots = make([]idSlot, n)
	for _, x := range old {
		if x.lo == 0 {
			continue
		}
		i := home(x.hi, n)
		for sh.slots[i].lo != 0 {
			if i++; i == n {
				i = 0
			}
		}
		sh.slots[i] = x
	}
}

// len is how many ids the set holds; bytes what its slots take.
func (s *idSet) len() (n, bytes int) {
	for i := range s.shards {
		n += s.shards[i].n
		bytes += 16 * len(s.shards[i].slots)
	}
	return n, bytes
}

// sum digests the fields of a record that are not its id, to tell a repeat
// that differs from the first record read with its id.
func (s *idSet) sum(rec any) uint32 {
	h := &s.hs
	h.Reset()
	str := func(vs ...string) {
		for _, v := range vs {
			h.WriteString(v)
			h.WriteByte(0)
		}
	}
	at := func(ts ...time.Time) {
		var b [8]byte
		for _, t := range ts {
			binary.LittleEndian.PutUint64(b[:], uint64(t.UnixNano()))
			h.Write(b[:])
		}
	}
	flags := func(bs ...bool) {
		var x byte
		for i, b := range bs {
			if b {
				x |= 1 << i
			}
		}
		h.WriteByte(x)
	}
	switch r := rec.(type) {
	case AuthEvent:
		at(r.Time)
		str(r.UserID, r.App, string(r.Method), r.DeviceID, r.SessionID)
		flags(r.Success, r.Abandoned)
	case AccountEvent:
		at(r.Time)
		str(r.UserID, r.Channel, r.TicketID)
	case Device:
		at(r.LastSeen)
		str(NormaliseID(r.UserID), r.Platform, r.OSVersion, r.Ownership)
		flags(r.HardwareKeystore, r.KeystoreUnknown, r.Managed, r.Shared)
	case Authenticator:
		at(r.RegisteredAt, r.RevokedAt)
		str(string(r.Type))
		flags(r.DatesUnknown)
	case Ticket:
		at(r.OpenedAt, r.ResolvedAt)
		str(r.Category, r.Subcategory, r.Summary, r.Stage, r.CloseCode, NormaliseID(r.UserID))
		str(r.Tags...)
	default:
		return 0
	}
	return uint32(h.Sum64())
}

// repeat reports whether a record (or, rec nil, a skipped record) of source st
// repeats one already read for its kind, and must be dropped; it counts the
// repeat on st. id is the id the adapter gave the item (Item.ID), which stands
// in for the record's own; parts are the ids of the vendor records an adapter
// assembled the record from (Item.Parts), and then it is a repeat when one of
// them was read before.
func (s *Set) repeat(st *SourceStats, rec any, id string, parts []string) bool {
	if len(parts) > 0 {
		return s.repeatParts(st, parts)
	}
	var key [3]string
	n := 1
	switch r := rec.(type) {
	case nil:
		key[0] = id
	case AuthEvent:
		key[0] = or(id, r.EventID)
	case AccountEvent:
		// One vendor event may become several account events (an Okta
		// factor reset is a recovery started and completed; an OCSF event
		// naming two factors is two registrations): each is one of its own.
		key, n = [3]string{or(id, r.EventID), r.Action, r.Method}, 3
	case Device:
		key[0] = or(id, r.DeviceID)
	case Authenticator:
		// Authenticator ids are the IdP's, unique per person at least.
		key, n = [3]string{or(id, r.ID), NormaliseID(r.UserID)}, 2
	case Ticket:
		key[0] = or(id, r.ID)
	default:
		return false
	}
	if key[0] == "" {
		return false // no id: never deduplicated
	}
	ids := s.idsOf(st.Kind)
	st.Keyed = true
	repeat, differs := ids.add(ids.key(key[:n]...), ids.sum(rec))
	if !repeat {
		return false
	}
	st.Repeats++
	if differs {
		st.Conflicts++
	}
	return true
}

// repeatParts is repeat for a record assembled from several vendor records:
// every part already read counts as a repeat (a part listed twice by the
// adapter, which merged the copies, too), and the record is dropped when one
// of its parts was read before it, since it was then counted already.
func (s *Set) repeatParts(st *SourceStats, parts []string) bool {
	ids := s.idsOf(st.Kind)
	st.Keyed = true
	before := false
	for i, p := range parts {
		if p == "" {
			continue
		}
		k := ids.key(p)
		switch {
		case ids.has(k):
			st.Repeats++
			if !slices.Contains(parts[:i], p) {
				before = true
			}
		default:
			ids.add(k, 0)
		}
	}
	return before
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// idsOf returns the id set of kind k, creating it.
func (s *Set) idsOf(k Kind) *idSet {
	if s.ids == nil {
		s.ids = map[Kind]*idSet{}
	}
	ids := s.ids[k]
	if ids == nil {
		ids = newIDSet()
		s.ids[k] = ids
	}
	return ids
}

// noteRepeats says in the source's notes how many repeats it held.
func (st *SourceStats) noteRepeats() {
	if st.Repeats == 0 {
		return
	}
	n := fmt.Sprintf("%s repeated a record already read (the same id, on another page or in another source of this kind) and %s counted once",
		present.Plural(st.Repeats, "record", "records"), present.Noun(st.Repeats, "was", "were"))
	if st.Conflicts > 0 {
		n += fmt.Sprintf("; %d of them differed from the first record read with that id, which was kept (docs/decisions.md)", st.Conflicts)
	}
	st.note(n)
}
