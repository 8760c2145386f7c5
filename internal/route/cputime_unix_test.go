//go:build unix

package route

import (
	"syscall"
	"time"
)

// cpuTime returns the processor time the process has used, user and
// system, which a shared machine disturbs less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
