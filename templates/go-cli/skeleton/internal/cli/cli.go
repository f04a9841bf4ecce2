// Package cli implements the ${{ values.name }} command line, separate from
// main so that it can be tested without a process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// Version is set at build time: go build -ldflags "-X .../internal/cli.Version=1.2.3".
var Version = "dev"

// Run executes the command line args and returns the process exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("${{ values.name }}", flag.ContinueOnError)
	flags.SetOutput(stderr)
	version := flags.Bool("version", false, "print the version and exit")
	name := flags.String("name", "world", "who to greet")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *version {
		fmt.Fprintf(stdout, "${{ values.name }} %s\n", Version)
		return 0
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q\n", flags.Arg(0))
		return 2
	}
	fmt.Fprintf(stdout, "Hello, %s!\n", *name)
	return 0
}
