// Package parse holds what the findings readers below internal/findings
// share: collecting the problems of bad records without losing the good
// ones, reading JSON records and CSV rows with their locations, probing the
// head of a file for sniffing, and turning the values tools write
// (severities, resource IDs, Terraform addresses, package managers, tags)
// into the fields of a findings.Finding.
package parse

import (
	"errors"
	"fmt"

	"github.com/onus-dev/onus"
	"github.com/onus-dev/onus/internal/findings"
)

// MaxProblems is how many problems of one file are kept: enough to show a
// pattern, few enough to read. Reading goes on past it, so that every good
// record is still emitted; the rest are only counted.
const MaxProblems = 50

// Problems collects the problems found in the records of one file.
type Problems struct {
	list onus.ErrorList
	more int // problems past MaxProblems
	file string
}

// Add records err, an *onus.Error or an onus.ErrorList; any other error is
// wrapped as an internal one.
func (p *Problems) Add(err error) {
	var list onus.ErrorList
	var e *onus.Error
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			p.add(e)
		}
	case errors.As(err, &e):
		p.add(e)
	default:
		p.add(&onus.Error{Code: onus.EInternal, Message: "cannot read findings", Err: err})
	}
}

func (p *Problems) add(e *onus.Error) {
	if p.file == "" {
		p.file = e.Loc.File
	}
	if len(p.list) >= MaxProblems {
		p.more++
		return
	}
	p.list = append(p.list, e)
}

// Len returns how many problems were recorded, counting those not kept.
func (p *Problems) Len() int { return len(p.list) + p.more }

// Finish returns the error a reader returns: err, the fatal error that
// stopped reading, if any, with the problems recorded before it. An error
// wrapped by Stop, the emit function's own, is returned as it is.
func (p *Problems) Finish(err error) error {
	var st stopped
	if errors.As(err, &st) {
		return st.err
	}
	if err != nil {
		p.Add(err)
	}
	if len(p.list) == 0 {
		return nil
	}
	p.list.Sort()
	if p.more > 0 {
		p.list = append(p.list, onus.ErrorAt(onus.Location{File: p.file}, p.list[0].Code,
			"%d more problems not shown", p.more))
	}
	return p.list
}

// stopped carries the error of an emit function through the readers, so
// that Finish can hand it back unchanged.
type stopped struct{ err error }

func (s stopped) Error() string { return fmt.Sprintf("stopped: %v", s.err) }
func (s stopped) Unwrap() error { return s.err }

// Emit calls emit and wraps its error, if any, for Finish to recognise.
func Emit(emit func(*findings.Finding) error, f *findings.Finding) error {
	if err := emit(f); err != nil {
		return stopped{err}
	}
	return nil
}
