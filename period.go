package onus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day, written 2006-01-02. The zero Date means unset.
type Date struct{ time.Time }

// DateOf returns the day of t, in UTC.
func DateOf(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses a 2006-01-02 date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("bad date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// String formats d as 2006-01-02, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// UnmarshalText parses a 2006-01-02 date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText formats d as 2006-01-02.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Reached reports whether d is set and day t is on or after it: an expiry
// or a due date that has come.
func (d Date) Reached(t time.Time) bool { return !d.IsZero() && !t.Before(d.Time) }

// Period is a length of time as people write it in agreements: "4h",
// "30 minutes", "12 months", "1y". Months and years are calendar units, so
// Period is not a time.Duration.
type Period struct {
	N    int
	Unit PeriodUnit
}

// PeriodUnit is the unit of a Period.
type PeriodUnit string

// The units of Period.
const (
	Minutes PeriodUnit = "m"
	Hours   PeriodUnit = "h"
	Days    PeriodUnit = "d"
	Weeks   PeriodUnit = "w"
	Months  PeriodUnit = "mo"
	Years   PeriodUnit = "y"
)

var periodUnits = map[string]PeriodUnit{
	"m": Minutes, "min": Minutes, "mins": Minutes, "minute": Minutes, "minutes": Minutes,
	"h": Hours, "hr": Hours, "hrs": Hours, "hour": Hours, "hours": Hours,
	"d": Days, "day": Days, "days": Days,
	"w": Weeks, "wk": Weeks, "week": Weeks, "weeks": Weeks,
	"mo": Months, "month": Months, "months": Months,
	"y": Years, "yr": Years, "year": Years, "years": Years,
}

// ParsePeriod parses "4h", "30 minutes", "12mo", "1 year" and the like.
func ParsePeriod(s string) (Period, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return Period{}, fmt.Errorf("bad period %q: want a number and a unit, such as 4h, 30d or 12mo", s)
	}
	n, err := strconv.Atoi(t[:i])
	if err != nil || n <= 0 || n > 100000 {
		return Period{}, fmt.Errorf("bad period %q: the number must be between 1 and 100000", s)
	}
	unit, ok := periodUnits[strings.TrimSpace(t[i:])]
	if !ok {
		return Period{}, fmt.Errorf("bad period %q: unknown unit %q (use m, h, d, w, mo or y)", s, strings.TrimSpace(t[i:]))
	}
	return Period{N: n, Unit: unit}, nil
}

// IsZero reports whether p is unset.
func (p Period) IsZero() bool { return p.N == 0 }

// String formats p compactly, such as "4h" or "12mo".
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return strconv.Itoa(p.N) + string(p.Unit)
}

var periodUnitNames = map[PeriodUnit]string{Minutes: "minute", Hours: "hour", Days: "day", Weeks: "week", Months: "month", Years: "year"}

// Words formats p for people, such as "4 hours" or "12 months".
func (p Period) Words() string {
	if p.IsZero() {
		return ""
	}
	name := periodUnitNames[p.Unit]
	if p.N != 1 {
		name += "s"
	}
	return strconv.Itoa(p.N) + " " + name
}

// After returns t moved forward by p.
func (p Period) After(t time.Time) time.Time {
	switch p.Unit {
	case Minutes:
		return t.Add(time.Duration(p.N) * time.Minute)
	case Hours:
		return t.Add(time.Duration(p.N) * time.Hour)
	case Days:
		return t.AddDate(0, 0, p.N)
	case Weeks:
		return t.AddDate(0, 0, 7*p.N)
	case Months:
		return t.AddDate(0, p.N, 0)
	case Years:
		return t.AddDate(p.N, 0, 0)
	}
	return t
}

// Approx returns p as a duration, counting a month as 30 days and a year as
// 365, for comparing periods.
func (p Period) Approx() time.Duration {
	base := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	switch p.Unit {
	case Months:
		return time.Duration(p.N) * 30 * 24 * time.Hour
	case Years:
		return time.Duration(p.N) * 365 * 24 * time.Hour
	}
	return p.After(base).Sub(base)
}

// UnmarshalText parses a period.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// MarshalText formats p compactly.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }
