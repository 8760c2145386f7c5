// Package cli is onus's command line: one type per subcommand, each with its
// own flag set, dispatched by Run. main calls Main; tests call Run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/onus-dev/onus"
)

// Version is onus's version, set at build time with
// -ldflags "-X github.com/onus-dev/onus/internal/cli.Version=v1.2.3".
var Version = "dev"

// Exit statuses.
const (
	ExitClean    = 0 // no finding reached --fail-on
	ExitFindings = 1 // findings reached --fail-on
	ExitError    = 2 // invalid input or usage
)

// ErrFindings is returned when findings reach the --fail-on severity. It
// carries no message: the report already said what was found.
var ErrFindings = errors.New("findings reached the --fail-on severity")

// Env is what a command may read of its environment.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Now is the time commands treat as now; zero means the clock.
	Now time.Time
}

func (e Env) now() time.Time {
	if !e.Now.IsZero() {
		return e.Now
	}
	return time.Now()
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"check", "work out who holds every layer of every asset, and report what is wrong", runCheck},
		{"explain", "say why each party holds each layer of an asset", runExplain},
		{"who", "list every duty a party holds, with its contacts", runWho},
		{"route", "route security findings to the party that must act, with contacts and due dates", runRoute},
		{"agreement", "lint, render, diff, sign or review an agreement with a provider or vendor", runAgreement},
		{"agreements", "one table: for every provider and vendor, is its agreement there, complete, signed, current", runAgreements},
		{"plan", "gate a Terraform plan in CI: fail changes that bring new findings", runPlan},
		{"diff", "compare two models, inventories or revisions: who gains and who loses duties", runDiff},
		{"init", "scaffold a model to start from", runInit},
		{"catalog", "browse the built-in catalog: list, show SERVICE, layers, models", runCatalog},
		{"schema", "print the JSON Schema of model files, for editors", runSchema},
		{"version", "print the versions of onus and its catalog", runVersion},
	}
}

// Main runs onus and returns the process's exit status.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := Run(ctx, args, Env{Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr})
	return exitStatus(err, stderr)
}

// exitStatus maps an error to an exit status, in one place, and prints it.
func exitStatus(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return ExitClean
	case errors.Is(err, ErrFindings):
		return ExitFindings
	case errors.Is(err, flag.ErrHelp):
		return ExitClean
	}
	fmt.Fprintf(stderr, "onus: %s\n", err)
	return ExitError
}

// Run runs onus with args, the command line without the program name.
func Run(ctx context.Context, args []string, env Env) error {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if len(args) == 0 {
		usage(env.Stderr)
		return onus.Errorf(onus.EInvalid, "no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		usage(env.Stdout)
		return nil
	case "-version", "--version":
		name = "version"
	}
	var names []string
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, env, args[1:])
		}
		names = append(names, c.name)
	}
	usage(env.Stderr)
	return onus.Errorf(onus.EInvalid, "unknown command %q%s", name, onus.DidYouMean(name, names))
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "onus: who secures what, across clouds, SaaS and on-premises.\n\nUsage: onus COMMAND [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun onus COMMAND -h for a command's flags. Documentation: docs/ in the onus repository.\n")
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(env Env, name, args, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: onus %s %s\n\n%s\n\nFlags:\n", name, args, description)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, allowing them after positional arguments too
// ("onus check model/ --format json"), and turns flag errors into usage
// errors.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, onus.Errorf(onus.EInvalid, "%s", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// dateFlag parses --now.
type dateFlag struct{ t *time.Time }

func (d dateFlag) String() string {
	if d.t == nil || d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

func (d dateFlag) Set(v string) error {
	day, err := onus.ParseDate(v)
	if err != nil {
		return err
	}
	*d.t = day.Time
	return nil
}

// buildVersion returns the version, with the VCS revision when the binary
// was built from a checkout.
func buildVersion() string {
	v := Version
	if info, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			v += " (" + rev + dirty + ")"
		}
	}
	return v
}
