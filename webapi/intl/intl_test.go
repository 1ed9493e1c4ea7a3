package intl

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// The locale data (gen/package.json) and the FormatJS code that reads it
// (polyfills/npm/package.json) come from the same package versions: the
// data's shape changes between versions.
func TestDataMatchesVendoredFormatJS(t *testing.T) {
	read := func(path string) map[string]string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var p struct{ Dependencies map[string]string }
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		return p.Dependencies
	}
	data, code := read("gen/package.json"), read("../../polyfills/npm/package.json")
	for pkg, v := range data {
		if !strings.HasPrefix(pkg, "@formatjs/") {
			continue
		}
		if code[pkg] != v {
			t.Errorf("%s: data from %s, code from %s (make intl-data after go generate ./polyfills)", pkg, v, code[pkg])
		}
	}
}

// Every locale file the index names is shipped, and the time zone data
// reads.
func TestDataIsComplete(t *testing.T) {
	b, err := data.ReadFile("data/index.json")
	if err != nil {
		t.Fatal(err)
	}
	var index map[string]map[string]string
	if err := json.Unmarshal(b, &index); err != nil {
		t.Fatal(err)
	}
	if len(index["NumberFormat"]) < 100 || index["NumberFormat"]["de-DE"] != "de" || index["DateTimeFormat"]["en-US"] != "en" {
		t.Errorf("index: %d NumberFormat tags, de-DE → %q", len(index["NumberFormat"]), index["NumberFormat"]["de-DE"])
	}
	for kind, tags := range index {
		for tag, file := range tags {
			if _, err := data.Open("data/" + kind + "/" + file + ".json.br"); err != nil {
				t.Errorf("%s %s: %s is not shipped", kind, tag, file)
			}
		}
	}
	tz, err := timeZones()
	if err != nil || len(tz.zones) < 400 || tz.zones["Europe/Berlin"] == "" {
		t.Errorf("time zones: %v, %d zones", err, len(tz.zones))
	}
}

// Collator sensitivities, as ICU compares "a" with "á" and with "A".
func TestCollatorSensitivity(t *testing.T) {
	for _, c := range []struct {
		sensitivity     string
		accent, capital int
	}{{"base", 0, 0}, {"accent", -1, 0}, {"case", 0, -1}, {"variant", -1, -1}} {
		col := newCollator("en", map[string]any{"sensitivity": c.sensitivity})
		if a, b := col.compare("a", "á"), col.compare("a", "A"); a != c.accent || b != c.capital {
			t.Errorf("%s: a/á %d, a/A %d; want %d, %d", c.sensitivity, a, b, c.accent, c.capital)
		}
	}
	if got := newCollator("en", map[string]any{"numeric": true}).compare("item10", "item9"); got != 1 {
		t.Errorf("numeric: item10 vs item9 = %d", got)
	}
	if got := newCollator("en", map[string]any{"ignorePunctuation": true}).compare("a-b", "ab"); got != 0 {
		t.Errorf("ignorePunctuation: %d", got)
	}
}

// The Go template formats as FormatJS (and ICU) do for the values that
// trip decimal formatting: halves, binary fractions that print short,
// carries, grouping edges, tiny and huge magnitudes.
func TestNumberTemplate(t *testing.T) {
	en := &numberTemplate{negPrefix: "-", group: ",", decimal: ".", primary: 3, secondary: 3, minGrouping: 1, minInt: 1, maxFrac: 3,
		digits: [10]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}}
	inr := *en
	inr.secondary, inr.maxFrac, inr.minFrac, inr.posPrefix, inr.negPrefix = 2, 2, 2, "₹", "-₹"
	es := *en
	es.group, es.decimal, es.minGrouping = ".", ",", 2
	pct := *en
	pct.percent, pct.maxFrac, pct.posSuffix, pct.negSuffix = true, 0, "%", "%"
	for _, c := range []struct {
		t    *numberTemplate
		x    float64
		want string
	}{
		{en, 0, "0"}, {en, 1234567.891, "1,234,567.891"}, {en, -1234.5678, "-1,234.568"}, {en, 1.0005, "1.001"}, {en, 0.1 + 0.2, "0.3"},
		{en, 999.9996, "1,000"}, {en, 5e-7, "0"}, {en, 1e21, "1,000,000,000,000,000,000,000"}, {en, 123, "123"}, {en, 1000, "1,000"},
		{&inr, 1234567, "₹12,34,567.00"}, {&inr, -0.5, "-₹0.50"}, {&inr, 99.995, "₹100.00"},
		{&es, 1234, "1234"}, {&es, 12345.5, "12.345,5"},
		{&pct, 0.256, "26%"}, {&pct, 0.005, "1%"}, {&pct, 12.345, "1,235%"},
	} {
		got, ok := c.t.format(c.x)
		if !ok || got != c.want {
			t.Errorf("%v: %q (%v), want %q", c.x, got, ok, c.want)
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), -0.0001} {
		if got, ok := en.format(x); ok {
			t.Errorf("%v: %q, want it left to FormatJS", x, got)
		}
	}
}

// A date template writes each field as learned (numeric, two digits,
// names), the hour on its cycle, in the zone's offset of the instant;
// years outside 1–9999 are left to FormatJS.
func TestDateTemplate(t *testing.T) {
	tz, err := timeZones()
	if err != nil {
		t.Fatal(err)
	}
	ny, ok := tz.spans("America/New_York")
	if !ok {
		t.Fatal("no America/New_York")
	}
	var months [12]string
	months[2] = "March"
	tmpl := &dateTemplate{zone: ny, cycle: "h12", months: months, periods: [24]string{11: "AM", 12: "PM", 20: "PM", 0: "AM"},
		parts: []datePart{{field: "month"}, {literal: " "}, {field: "day", pad2: true}, {literal: ", "}, {field: "year"},
			{literal: " "}, {field: "hour"}, {literal: ":"}, {field: "minute", pad2: true}, {literal: " "}, {field: "dayPeriod"}}}
	for _, c := range []struct {
		ms   int64
		want string
	}{
		{time.Date(2024, 3, 5, 17, 4, 0, 0, time.UTC).UnixMilli(), "March 05, 2024 12:04 PM"}, // EST, UTC-5
		{time.Date(2024, 3, 11, 0, 30, 0, 0, time.UTC).UnixMilli(), "March 10, 2024 8:30 PM"}, // EDT from March 10
		{time.Date(2024, 3, 9, 5, 0, 0, 0, time.UTC).UnixMilli(), "March 09, 2024 12:00 AM"},
	} {
		if got, ok := tmpl.format(c.ms); !ok || got != c.want {
			t.Errorf("%d: %q, want %q", c.ms, got, c.want)
		}
	}
	if _, ok := tmpl.format(time.Date(10000, 6, 1, 0, 0, 0, 0, time.UTC).UnixMilli()); ok {
		t.Error("year 10000 formatted, want it left to FormatJS")
	}
	for _, c := range []struct {
		h     int
		cycle string
		want  int
	}{{0, "h12", 12}, {13, "h12", 1}, {0, "h11", 0}, {12, "h11", 0}, {0, "h23", 0}, {0, "h24", 24}, {23, "h24", 23}} {
		if got := cycleHour(c.h, c.cycle); got != c.want {
			t.Errorf("cycleHour(%d, %s) = %d, want %d", c.h, c.cycle, got, c.want)
		}
	}
}
