//go:build !(linux && (amd64 || arm64 || loong64 || mips64 || mips64le || riscv64 || s390x))

package formats

// renameExchange is not available here: Out swaps a set in with two
// renames (see Out.swap).
func renameExchange(a, b string) error { return errNoExchange }
