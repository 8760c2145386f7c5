package jsonstream

import (
	"errors"

	"github.com/onus-dev/onus"
)

// MaxProblems is how many problems in the items of one file are collected
// before reading stops: enough to show a pattern, few enough to read.
const MaxProblems = 50

// Problems collects the problems found in the items of one file, so that a
// user sees many at once instead of one per run.
type Problems struct {
	list onus.ErrorList
}

// Add records err, an *onus.Error or an onus.ErrorList. Other errors, such as
// an emit function's, are returned as they are, and so is the list once it
// is full, so that the caller stops reading.
func (p *Problems) Add(err error) error {
	var list onus.ErrorList
	var e *onus.Error
	switch {
	case errors.As(err, &list):
		p.list = append(p.list, list...)
	case errors.As(err, &e):
		p.list = append(p.list, e)
	default:
		return err
	}
	if len(p.list) >= MaxProblems {
		return p.Err()
	}
	return nil
}

// Finish returns err, a fatal error met while reading, together with the
// problems recorded before it, or the problems alone when err is nil.
func (p *Problems) Finish(err error) error {
	if err == nil {
		return p.Err()
	}
	var e *onus.Error
	if len(p.list) == 0 || !errors.As(err, &e) {
		return err
	}
	if len(p.list) < MaxProblems {
		p.list = append(p.list, e)
	}
	return p.Err()
}

// Err returns the problems as an onus.ErrorList sorted by line, or nil.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	p.list.Sort()
	return p.list
}
