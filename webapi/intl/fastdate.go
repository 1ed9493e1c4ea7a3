package intl

import (
	"strconv"
	"strings"
	"time"
)

// dateTemplate is what a DateTimeFormat (Gregorian calendar, Latin digits,
// no era, time zone name or fractional seconds) does to an instant, learned
// from FormatJS's own formatToParts (intl.js, dateTemplate) and checked
// against it before use: the parts in order, each a literal or a field
// with its width, the month, weekday and day-period names as the formatter
// writes them, and its time zone. Formatting through it is a Go call where
// FormatJS's pattern walk in goja took ~300 µs (BENCHMARKS.md).
type dateTemplate struct {
	parts    []datePart
	months   [12]string // "" when the month is numeric
	weekdays [7]string  // Sunday first
	periods  [24]string // the day period of each hour
	cycle    string     // h11, h12, h23 or h24
	zone     []zoneSpan
}

// datePart is a literal (field "") or a field: year, month, day, weekday,
// hour, minute, second, dayPeriod; pad2 writes it in two digits.
type datePart struct {
	field, literal string
	pad2           bool
}

// zoneSpan is one span of a zone's history in FormatJS's data: from since
// (Unix seconds) on, local time is UTC plus offset seconds.
type zoneSpan struct{ since, offset int64 }

// format writes the instant ms (Unix milliseconds) as the template says;
// ok is false for what it leaves to FormatJS (a year outside 1–9999).
func (t *dateTemplate) format(ms int64) (string, bool) {
	// FormatJS's getApplicableZoneData: the span before the first that
	// starts after ms, scanning from the start (the data is not sorted
	// throughout, so a search from either end may disagree with it).
	offset := int64(0)
	for _, span := range t.zone {
		if span.since*1000 > ms {
			break
		}
		offset = span.offset
	}
	local := time.UnixMilli(ms + offset*1000).UTC()
	if y := local.Year(); y < 1 || y > 9999 {
		return "", false
	}
	var b strings.Builder
	num := func(n int, pad2 bool) {
		if pad2 && n < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(n))
	}
	for _, p := range t.parts {
		switch p.field {
		case "":
			b.WriteString(p.literal)
		case "year":
			if p.pad2 {
				num(local.Year()%100, true)
			} else {
				num(local.Year(), false)
			}
		case "month":
			if name := t.months[local.Month()-1]; name != "" {
				b.WriteString(name)
			} else {
				num(int(local.Month()), p.pad2)
			}
		case "day":
			num(local.Day(), p.pad2)
		case "weekday":
			b.WriteString(t.weekdays[local.Weekday()])
		case "hour":
			num(cycleHour(local.Hour(), t.cycle), p.pad2)
		case "minute":
			num(local.Minute(), p.pad2)
		case "second":
			num(local.Second(), p.pad2)
		case "dayPeriod":
			b.WriteString(t.periods[local.Hour()])
		}
	}
	return b.String(), true
}

// cycleHour is an hour of the day (0–23) on a clock of the hour cycle.
func cycleHour(h int, cycle string) int {
	switch cycle {
	case "h11":
		return h % 12
	case "h12":
		if h%12 == 0 {
			return 12
		}
		return h % 12
	case "h24":
		if h == 0 {
			return 24
		}
	}
	return h
}

// spans reads a zone's history from FormatJS's packed data
// (since,abbreviation,offset,dst|… in base 36; the first span's since is
// empty: from the beginning of time), once per zone and process.
func (p *packedZones) spans(zone string) ([]zoneSpan, bool) {
	if v, ok := p.parsed.Load(zone); ok {
		return v.([]zoneSpan), true
	}
	packed, ok := p.zones[zone]
	if !ok {
		return nil, false
	}
	offsets := strings.Split(p.offsets, "|")
	var out []zoneSpan
	for _, s := range strings.Split(packed, "|") {
		f := strings.Split(s, ",")
		if len(f) < 3 {
			return nil, false
		}
		since := int64(-1 << 52) // the beginning of time (×1000 still fits an int64)
		if f[0] != "" {
			n, err := strconv.ParseInt(f[0], 36, 64)
			if err != nil {
				return nil, false
			}
			since = n
		}
		i, err := strconv.Atoi(f[2])
		if err != nil || i < 0 || i >= len(offsets) {
			return nil, false
		}
		off, err := strconv.ParseInt(offsets[i], 36, 64)
		if err != nil {
			return nil, false
		}
		out = append(out, zoneSpan{since, off})
	}
	p.parsed.Store(zone, out)
	return out, true
}
