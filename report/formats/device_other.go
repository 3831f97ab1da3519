//go:build !unix

package formats

// sameDevice cannot tell here; a rename across file systems then fails
// with its own message.
func sameDevice(a, b string) bool { return true }
