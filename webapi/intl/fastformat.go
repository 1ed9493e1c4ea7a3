package intl

import (
	"math"
	"strconv"
	"strings"
)

// numberTemplate is what a plain NumberFormat (standard notation, decimal,
// percent or currency, half-expand rounding to fraction digits) does to a
// number, learned from FormatJS's own output for probe values (intl.js,
// fastFormat) and checked against it before use. Formatting through it is
// a Go call where FormatJS's decimal arithmetic in goja took ~550 µs.
type numberTemplate struct {
	posPrefix, posSuffix, negPrefix, negSuffix string
	group, decimal                             string
	primary, secondary, minGrouping            int // group sizes; 0: no grouping
	digits                                     [10]string
	minInt, minFrac, maxFrac                   int
	percent                                    bool // the value is scaled by 100
}

// format writes x as the template says; ok is false for what it leaves to
// FormatJS (NaN, infinities, a negative value that rounds to zero).
func (t *numberTemplate) format(x float64) (string, bool) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "", false
	}
	neg := math.Signbit(x)
	digits, point := decimalDigits(math.Abs(x))
	if t.percent {
		point += 2
	}
	intPart, frac := roundHalfExpand(digits, point, t.maxFrac)
	for len(frac) > t.minFrac && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	if neg && strings.Trim(intPart+frac, "0") == "" {
		return "", false
	}
	for len(intPart) < t.minInt {
		intPart = "0" + intPart
	}
	var b strings.Builder
	if neg {
		b.WriteString(t.negPrefix)
	} else {
		b.WriteString(t.posPrefix)
	}
	t.writeInteger(&b, intPart)
	if frac != "" {
		b.WriteString(t.decimal)
		t.writeDigits(&b, frac)
	}
	if neg {
		b.WriteString(t.negSuffix)
	} else {
		b.WriteString(t.posSuffix)
	}
	return b.String(), true
}

// writeInteger writes the integer digits grouped: the primary size from
// the right, the secondary size before it (en-IN: 12,34,567), none when
// there are fewer than minGrouping digits before the first group (es:
// 1234, 12.345).
func (t *numberTemplate) writeInteger(b *strings.Builder, s string) {
	if t.primary == 0 || len(s) < t.primary+t.minGrouping {
		t.writeDigits(b, s)
		return
	}
	var groups []string
	rest := s[:len(s)-t.primary]
	for len(rest) > t.secondary {
		groups = append(groups, rest[len(rest)-t.secondary:])
		rest = rest[:len(rest)-t.secondary]
	}
	t.writeDigits(b, rest)
	for i := len(groups) - 1; i >= 0; i-- {
		b.WriteString(t.group)
		t.writeDigits(b, groups[i])
	}
	b.WriteString(t.group)
	t.writeDigits(b, s[len(s)-t.primary:])
}

func (t *numberTemplate) writeDigits(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		b.WriteString(t.digits[s[i]-'0'])
	}
}

// decimalDigits is x's shortest round-tripping decimal (as String(x), and
// so FormatJS's Decimal, reads it): its digits and where the point goes
// (digits "12345", point 2: 12.345).
func decimalDigits(x float64) (string, int) {
	if x == 0 {
		return "0", 1
	}
	s := strconv.FormatFloat(x, 'e', -1, 64) // d.ddde±n
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	return strings.Replace(mant, ".", "", 1), e + 1
}

// roundHalfExpand rounds digits×10^(point-len) to maxFrac fraction digits,
// halves away from zero, and returns the integer and fraction digits.
func roundHalfExpand(digits string, point, maxFrac int) (string, string) {
	// Pad so that the point falls inside and maxFrac digits follow it.
	if point <= 0 {
		digits = strings.Repeat("0", 1-point) + digits
		point = 1
	}
	if n := point + maxFrac - len(digits); n > 0 {
		digits += strings.Repeat("0", n)
	}
	keep := []byte(digits[:point+maxFrac])
	if cut := point + maxFrac; cut < len(digits) && digits[cut] >= '5' {
		i := len(keep) - 1
		for ; i >= 0; i-- {
			if keep[i] == '9' {
				keep[i] = '0'
				continue
			}
			keep[i]++
			break
		}
		if i < 0 {
			keep = append([]byte{'1'}, keep...)
			point++
		}
	}
	intPart := strings.TrimLeft(string(keep[:point]), "0")
	if intPart == "" {
		intPart = "0"
	}
	return intPart, string(keep[point:])
}
