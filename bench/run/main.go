// Command run is onus's whole-program benchmark harness: it builds the onus
// binary, generates inputs with bench/gen, runs each scenario several times
// and prints a Markdown table of wall time, CPU time and peak memory (maximum
// resident set size), ready for docs/benchmarks.md.
//
//	go run ./bench/run                      # the default scenarios
//	go run ./bench/run -scenario check-100k -runs 5
//	go run ./bench/run -large               # adds the multi-gigabyte scenarios
//
// CPU time (user + system) is reported besides wall time because shared
// machines make wall time noisy; the minimum of the runs is the figure least
// disturbed by neighbours.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/onus-dev/onus/bench/gen"
)

// scenario is one whole-program run to measure.
type scenario struct {
	name  string
	large bool // multi-gigabyte inputs: only with -large
	// prepare writes the scenario's inputs into dir and returns the onus
	// arguments and a description of the input.
	prepare func(dir string) (args []string, input string, err error)
}

// estate is the model of every scenario: 100,000 assets, 200 assignment
// rules and 20 agreements.
var estate = gen.Estate{Assets: 100_000, Assignments: 200, Agreements: 20, Seed: 1}

var scenarios = []scenario{
	{name: "check-100k", prepare: func(dir string) ([]string, string, error) {
		return checkScenario(dir, []string{"--format", "json"},
			"100,000 assets (CSV inventory), 200 assignment rules, 20 agreements; JSON report")
	}},
	{name: "check-100k-text", prepare: func(dir string) ([]string, string, error) {
		return checkScenario(dir, nil, "the same; text report")
	}},
	{name: "tfstate-100k", prepare: func(dir string) ([]string, string, error) {
		return stateScenario(dir, 100_000)
	}},
	{name: "tfstate-1m", large: true, prepare: func(dir string) ([]string, string, error) {
		return stateScenario(dir, 1_000_000)
	}},
	{name: "route-ocsf-100k", prepare: func(dir string) ([]string, string, error) {
		return routeScenario(dir, 100_000)
	}},
	{name: "route-ocsf-1m", large: true, prepare: func(dir string) ([]string, string, error) {
		return routeScenario(dir, 1_000_000)
	}},
}

// checkScenario checks the estate, with the given report flags.
func checkScenario(dir string, flags []string, input string) ([]string, string, error) {
	if err := estate.WriteFiles(dir); err != nil {
		return nil, "", err
	}
	args := append([]string{"check", "--fail-on", "none"}, flags...)
	return append(args, "--output", os.DevNull, dir), input, nil
}

// routeScenario routes a generated Prowler OCSF file of n findings about
// the assets of the estate.
func routeScenario(dir string, n int) ([]string, string, error) {
	if err := estate.WriteFiles(dir); err != nil {
		return nil, "", err
	}
	path := filepath.Join(dir, "findings.ocsf.json")
	var size int64
	err := createFile(path, func(w io.Writer) (err error) {
		size, err = gen.OCSF{Findings: n, Seed: 1, Estate: &estate}.WriteTo(w)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return []string{"route", "--findings", path, "--format", "json", "--output", os.DevNull, dir},
		fmt.Sprintf("Prowler OCSF, %d findings, %.1f GB, about 100,000 estate assets (CSV), 200 rules, 20 agreements; JSON report", n, float64(size)/1e9), nil
}

// stateScenario checks a model whose estate is a generated Terraform state
// of about n resources.
func stateScenario(dir string, n int) ([]string, string, error) {
	// The estate's own CSV stays, with one asset; the state is the inventory.
	e := estate
	e.Assets = 1
	if err := e.WriteFiles(dir); err != nil {
		return nil, "", err
	}
	path := filepath.Join(dir, "terraform.tfstate")
	var stats gen.TFStateStats
	err := createFile(path, func(w io.Writer) (err error) {
		stats, err = gen.TFState{Instances: n, Seed: 1}.Write(w)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return []string{"check", "--fail-on", "none", "--output", os.DevNull, "--inventory", path, dir},
		fmt.Sprintf("Terraform state, %d managed resource instances, %.1f GB; 200 rules, 20 agreements; text report", stats.Instances, float64(stats.Bytes)/1e9), nil
}

// createFile creates the file at path and writes it with write.
func createFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func main() {
	only := flag.String("scenario", "", "run only this scenario")
	runs := flag.Int("runs", 3, "runs per scenario")
	large := flag.Bool("large", false, "include the multi-gigabyte scenarios")
	keep := flag.String("dir", "", "generate inputs here and keep them (default: a temporary directory)")
	flag.Parse()
	if err := run(*only, *runs, *large, *keep, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(only string, runs int, large bool, dir string, out io.Writer) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "onus-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	bin := filepath.Join(dir, "onus")
	build := exec.Command("go", "build", "-o", bin, "./cmd/onus")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building onus: %w", err)
	}
	fmt.Fprintf(out, "Machine: %s, %d CPUs, %s; %s\n\n", cpuModel(), runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(out, "| scenario | input | runs | wall (min / median) | CPU user+sys (min) | peak RSS (max) |\n|---|---|---:|---|---|---:|\n")
	for _, s := range scenarios {
		// A scenario named with -scenario runs even when it is large.
		if (only != "" && s.name != only) || (only == "" && s.large && !large) {
			continue
		}
		sdir := filepath.Join(dir, s.name)
		if err := os.MkdirAll(sdir, 0o755); err != nil {
			return err
		}
		args, input, err := s.prepare(sdir)
		if err != nil {
			return fmt.Errorf("%s: preparing: %w", s.name, err)
		}
		var walls, cpus []time.Duration
		var rss int64
		for range runs {
			m, err := measure(bin, args)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			walls, cpus = append(walls, m.wall), append(cpus, m.cpu)
			rss = max(rss, m.maxRSS)
		}
		slices.Sort(walls)
		slices.Sort(cpus)
		fmt.Fprintf(out, "| %s | %s | %d | %s / %s | %s | %d MB |\n", s.name, input, runs,
			seconds(walls[0]), seconds(walls[len(walls)/2]), seconds(cpus[0]), rss>>20)
	}
	return nil
}

type measurement struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

// measure runs onus once and reads its resource usage from the kernel.
func measure(bin string, args []string) (measurement, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			return measurement{}, fmt.Errorf("onus %s: %v: %s", strings.Join(args, " "), err, stderr.String())
		}
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return measurement{}, fmt.Errorf("no resource usage on this system")
	}
	return measurement{
		wall:   wall,
		cpu:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		maxRSS: ru.Maxrss << 10, // Linux reports kilobytes
	}, nil
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
