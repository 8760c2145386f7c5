// Command onus works out who is accountable for every security layer of
// every asset an organisation runs, across clouds, SaaS and on-premises, and
// finds the gaps, duplicates, gray areas and misplaced trust.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/onus-dev/onus/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
