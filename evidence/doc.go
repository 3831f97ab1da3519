// Package evidence reads an evidence folder: its manifest (evidence.toml), the
// files it names (confined to the folder, gzip detected by content, hashed while
// read), and the native formats of each kind, validating every record against the
// kind's JSON Schema and turning it into a typed record.
//
// Small kinds are loaded whole; auth_events and account_events are streamed
// through iterators so that memory stays flat however large they are.
package evidence
