// Command assure turns the evidence of a passwordless-authentication programme
// into a framework-aligned assurance report. See the README for usage.
package main

import (
	"context"
	"os"
)

func main() { os.Exit(Run(context.Background(), os.Args, os.Stdout, os.Stderr)) }
