// Command ${{ values.name }} is a command-line tool; run it with -help.
package main

import (
	"os"

	"${{ values.host }}/${{ values.org }}/${{ values.repo }}/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
