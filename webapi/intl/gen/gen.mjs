// Writes ../data: for each FormatJS Intl constructor, the CLDR data of the
// locales jsroutes ships (one brotli-compressed JSON file per locale, read
// by webapi/intl when a route first asks for that locale), index.json
// (which file answers each locale tag, as FormatJS's own registration
// resolves default content like de-DE → de and fallbacks like zh → zh-Hans),
// and the IANA time zone data of DateTimeFormat.
//
// Run: npm ci && node gen.mjs (make intl-data).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);

// The locales shipped: the 40 most used languages on the web and in apps,
// with the regional variants whose formats differ from their language's.
export const locales = [
  'af', 'ar', 'ar-EG', 'ar-SA', 'az', 'be', 'bg', 'bn', 'ca', 'cs', 'da', 'de', 'de-AT', 'de-CH', 'el',
  'en', 'en-AU', 'en-CA', 'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'en-SG', 'en-ZA', 'es', 'es-419', 'es-AR', 'es-CO', 'es-MX', 'es-US',
  'et', 'eu', 'fa', 'fi', 'fil', 'fr', 'fr-BE', 'fr-CA', 'fr-CH', 'ga', 'gl', 'he', 'hi', 'hr', 'hu', 'hy', 'id', 'is', 'it',
  'ja', 'ka', 'kk', 'ko', 'lt', 'lv', 'mk', 'mr', 'ms', 'nb', 'nl', 'nl-BE', 'nn', 'no', 'pl', 'pt', 'pt-PT', 'ro', 'ru',
  'sk', 'sl', 'sq', 'sr', 'sr-Latn', 'sv', 'sw', 'ta', 'te', 'th', 'tr', 'uk', 'ur', 'uz', 'vi', 'zh', 'zh-Hans-HK', 'zh-Hans-SG', 'zh-Hant', 'zh-Hant-HK',
];

const kinds = {
  NumberFormat: '@formatjs/intl-numberformat',
  DateTimeFormat: '@formatjs/intl-datetimeformat',
  PluralRules: '@formatjs/intl-pluralrules',
  RelativeTimeFormat: '@formatjs/intl-relativetimeformat',
  ListFormat: '@formatjs/intl-listformat',
  DisplayNames: '@formatjs/intl-displaynames',
};

// captured runs a FormatJS data file against a stand-in Intl and returns
// what it hands to Intl[kind][method].
function captured(file, kind, method) {
  const got = [];
  const Intl = { [kind]: { [method]: (...data) => got.push(...data) } };
  vm.runInNewContext(readFileSync(file, 'utf8'), { Intl });
  return got;
}

// asV8 brings a locale's DateTimeFormat data to what V8 formats with: ICU
// joins a full or long date to a time with CLDR's atTime pattern ("{1}
// 'at' {0}", "{1} 'um' {0}"), which FormatJS's data lacks. The glue is
// read from this Node's own output (format(), where V8 writes U+202F as a
// space: intl.js does the same) and written as the pattern's literal text.
function asV8(entry) {
  const data = structuredClone(entry.data);

  const t = Date.UTC(2024, 6, 4, 18, 5);
  for (const style of ['full', 'long', 'medium', 'short']) {
    const fmt = (o) => new Intl.DateTimeFormat(entry.locale, { timeZone: 'UTC', ...o }).format(t);
    const date = fmt({ dateStyle: style });
    const time = fmt({ timeStyle: 'short' });
    const both = fmt({ dateStyle: style, timeStyle: 'short' });
    const literal = (glue) => glue.replace(/[^\s,،、()]+/gu, (w) => `'${w.replaceAll("'", "''")}'`);
    const d = both.indexOf(date);
    const tm = both.indexOf(time);
    if (d < 0 || tm < 0 || (d < tm ? d + date.length > tm : tm + time.length > d)) {
      throw new Error(`${entry.locale}: cannot read how Node joins a ${style} date and a time from ${JSON.stringify(both)}`);
    }
    const [first, firstEnd, second, secondEnd, a, b] = d < tm ? [d, d + date.length, tm, tm + time.length, '{1}', '{0}'] : [tm, tm + time.length, d, d + date.length, '{0}', '{1}'];
    data.dateTimeFormat[style] = literal(both.slice(0, first)) + a + literal(both.slice(firstEnd, second)) + b + literal(both.slice(secondEnd));
  }
  ampmAsV8(entry.locale, data);
  weekdayLettersAsCLDR(entry.locale, data.formats.gregory);
  const glues = [...new Set(Object.values(entry.data.dateTimeFormat))];
  joinAsICU(data.formats.gregory, data, glues);
  data.hourCycle ||= preferredHourCycle(entry.locale);
  const standalone = standaloneWeekdays(entry.locale, data.weekday);
  if (standalone) data.weekdayStandalone = standalone;
  addCalendar(entry.locale, data, glues);
  return { ...entry, data };
}

// calendars are the locales whose dates ICU writes in another calendar
// than the Gregorian (their region's first in CLDR's calendarPreferenceData):
// Thai in the Buddhist one, Persian in the Persian one. FormatJS's data has
// the Gregorian alone; the other's patterns, eras and month names come
// from CLDR 48's calendar file (cldr/, from unicode-org/cldr-json: the npm
// packages stop at CLDR 39 and 46), and its days from intl.js
// (__addCalendarData).
const calendars = {
  th: { name: 'buddhist', file: './cldr/th-ca-buddhist.json', era: 'BE' },
  fa: { name: 'persian', file: './cldr/fa-ca-persian.json', era: 'AP' },
};

// addCalendar gives a locale of calendars its calendar, first (the one a
// DateTimeFormat resolves to unless -u-ca- says otherwise): the Gregorian
// formats with CLDR's availableFormats of that calendar over them, the
// date-and-time ones joined again from those (joinAsICU), and the
// calendar's date, time and glue patterns and era names. Skeletons that
// CLDR writes with yyyy (the Buddhist calendar's) are FormatJS's y.
function addCalendar(locale, data, glues) {
  const cal = calendars[locale];
  if (!cal) return;
  const cldr = require(cal.file);
  const formats = { ...data.formats.gregory };
  for (const [skeleton, pattern] of Object.entries(cldr.availableFormats)) {
    if (!/Q/.test(skeleton)) formats[skeleton.replace(/y+/, 'y')] = pattern;
  }
  const calendarData = {
    dateFormat: cldr.dateFormats,
    timeFormat: cldr.timeFormats,
    dateTimeFormat: data.dateTimeFormat, // as Node joins them (asV8)
    intervalFormats: data.intervalFormats,
    era: {
      narrow: { [cal.era]: cldr.eras.eraNarrow[0] },
      short: { [cal.era]: cldr.eras.eraAbbr[0] },
      long: { [cal.era]: cldr.eras.eraNames[0] },
    },
  };
  if (cldr.months) calendarData.month = { narrow: cldr.months.narrow, short: cldr.months.abbreviated, long: cldr.months.wide };
  joinAsICU(formats, calendarData, glues);
  data.formats[cal.name] = formats;
  data.calendarData = { ...data.calendarData, [cal.name]: calendarData };
  data.ca = [cal.name, ...data.ca.filter((c) => c !== cal.name)];
}

// ampmAsV8 sets a locale's AM and PM (a pattern's a) to what this Node's
// ICU writes, read from its output as asV8 reads the glue: ICU 78 writes
// Korean's "PM" where CLDR 48's JSON and FormatJS say "오후". A locale whose
// 12-hour times name day periods otherwise (B: "in the evening") is left.
function ampmAsV8(locale, data) {
  const at = (h) => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: 'UTC' })
    .formatToParts(Date.UTC(2024, 6, 4, h)).find((p) => p.type === 'dayPeriod')?.value;
  const [am, pm] = [[8, 9, 11], [13, 18, 23]].map((hours) => new Set(hours.map(at)));
  if (am.size !== 1 || pm.size !== 1) return;
  const [a] = am;
  const [p] = pm;
  if (a !== undefined && p !== undefined && a !== p) Object.assign(data, { am: a, pm: p });
}

// weekdayLettersAsCLDR takes CLDR 48's choice between the format weekday
// (E) and the stand-alone one (c) where a pattern of FormatJS's (older
// CLDR) differs from CLDR 48's in that alone: Finnish writes "tiistaina
// 5. marraskuuta 2024" (EEEE) but "tiistai 5. marraskuuta" (cccc), and
// FormatJS's data had cccc in both. Nothing else of the pattern changes.
function weekdayLettersAsCLDR(locale, formats) {
  const available = cldrDates(locale, 'ca-gregorian')?.calendars.gregorian.dateTimeFormats.availableFormats;
  if (available === undefined) return;
  const asE = (p) => p.replace(/'[^']*'|c/g, (m) => (m === 'c' ? 'E' : m));
  for (const [skeleton, pattern] of Object.entries(available)) {
    const mine = formats[skeleton];
    if (mine !== undefined && mine !== pattern && asE(mine) === asE(pattern)) formats[skeleton] = pattern;
  }
  // Keys with a stand-alone weekday (the date styles' skeletons and
  // patterns, "yMMMMccccd", "cccc d. MMMM y", which FormatJS lists and
  // CLDR 48 has too) go: FormatJS's matcher took them for a weekday asked
  // for with a year, month and day, where ICU asks for the fields with E
  // and finds the format weekday's key nearer (Finnish: "torstaina 1.
  // tammikuuta 1970", while the full date style is "torstai 1. …").
  for (const key of Object.keys(formats)) {
    if (/c/.test(key.replace(/'[^']*'/g, ''))) delete formats[key];
  }
}

// standaloneWeekdays are a locale's stand-alone weekday names (CLDR 48's
// days, stand-alone), which a pattern's cccc asks for (the vendored
// FormatJS's patch, polyfills/gen): returned only where they differ from
// the format names FormatJS has (Finnish "tiistai" beside "tiistaina").
function standaloneWeekdays(locale, weekday) {
  const days = cldrDates(locale, 'ca-gregorian')?.calendars.gregorian.days['stand-alone'];
  if (days === undefined) return undefined;
  const order = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const names = { narrow: order.map((d) => days.narrow[d]), short: order.map((d) => days.abbreviated[d]), long: order.map((d) => days.wide[d]) };
  const same = Object.keys(names).every((w) => names[w].every((n, i) => n === weekday[w][i]));
  return same ? undefined : names;
}

// preferredHourCycle is the hour cycle ICU uses for a locale whose data
// names none (FormatJS leaves it empty for ms, sw, fa and zh-Hant, and
// then counts hours to 23): CLDR's preferred one for the locale's likely
// region (timeData: Malaysia and Taiwan count to 12).
function preferredHourCycle(locale) {
  const { timeData } = require('cldr-core/supplemental/timeData.json').supplemental;
  const region = new Intl.Locale(locale).maximize().region;
  const preferred = (timeData[region] ?? timeData['001'])._preferred;
  return { h: 'h12', H: 'h23', K: 'h11', k: 'h24' }[preferred];
}

// joinAsICU rejoins FormatJS's precomputed date-and-time formats (keys
// "<date><glue><time>", key and pattern joined with one of its glues) as
// ICU's pattern generator joins them: with the glue of the date's style,
// full for a long month and a weekday, long for a long month, medium for
// an abbreviated one, short otherwise ("July 4, 2024 at 6:05 PM", "4 de
// jul. de 2024, 18:05"). FormatJS's glues (older CLDR) lack the "at" of
// the long styles.
function joinAsICU(formats, data, glues) {
  const times = new Set(Object.values(data.timeFormat));
  const style = (date) => {
    const letters = date.replace(/'[^']*'/g, '');
    const month = Math.max(0, ...(letters.match(/M+|L+/g) ?? []).map((m) => m.length));
    if (month >= 4) return /[Eec]/.test(letters) ? 'full' : 'long';
    return month === 3 ? 'medium' : 'short';
  };
  const isTime = (t) => (times.has(t) || formats[t] !== undefined) && /[hHkK]/.test(t.replace(/'[^']*'/g, ''));
  // split finds the date and time a key joins with glue, or undefined.
  const split = (key, glue) => {
    const d = glue.indexOf('{1}');
    const t = glue.indexOf('{0}');
    const [first, second] = d < t ? [d, t] : [t, d];
    const [before, between, after] = [glue.slice(0, first), glue.slice(first + 3, second), glue.slice(second + 3)];
    if (!key.startsWith(before) || !key.endsWith(after) || between === '') return undefined;
    const inner = key.slice(before.length, key.length - after.length);
    for (let at = inner.indexOf(between); at > 0; at = inner.indexOf(between, at + 1)) {
      const [a, b] = [inner.slice(0, at), inner.slice(at + between.length)];
      const [date, time] = d < t ? [a, b] : [b, a];
      if (formats[date] !== undefined && !isTime(date) && isTime(time)) return [date, time];
    }
    return undefined;
  };
  for (const key of Object.keys(formats)) {
    for (const glue of glues) {
      const found = split(key, glue);
      if (found === undefined) continue;
      const [date, time] = found;
      formats[key] = data.dateTimeFormat[style(date)].replace('{1}', formats[date]).replace('{0}', times.has(time) ? time : formats[time]);
      break;
    }
  }
}

// cldrDates is a locale's dates in one of cldr-dates-full's files
// ("ca-gregorian", "dateFields"), or undefined for a locale CLDR's JSON
// names otherwise (FormatJS's data then stands as it is).
function cldrDates(locale, file) {
  try {
    return require(`cldr-dates-full/main/${locale}/${file}.json`).main[locale].dates;
  } catch {
    return undefined;
  }
}

// relativeFromCLDR brings a locale's RelativeTimeFormat data to the CLDR
// release Node's ICU carries (cldr-dates-full, the same data in JSON):
// FormatJS's is older (Vietnamese capitalises "Hôm kia" since). The
// structure is FormatJS's, each field's phrases CLDR's.
function relativeFromCLDR(entry) {
  const fields = cldrDates(entry.locale, 'dateFields')?.fields;
  if (fields === undefined) return entry;
  const data = structuredClone(entry.data);
  for (const [key, field] of Object.entries(data)) {
    const cldr = fields[key];
    if (key === 'nu' || cldr === undefined) continue;
    for (const [k, v] of Object.entries(cldr)) {
      const relative = /^relative-type-(-?\d+)$/.exec(k);
      if (relative) field[relative[1]] = v;
      const when = /^relativeTime-type-(future|past)$/.exec(k);
      if (when) {
        field[when[1]] = {};
        for (const [count, pattern] of Object.entries(v)) field[when[1]][count.replace('relativeTimePattern-count-', '')] = pattern;
      }
    }
  }
  return { ...entry, data };
}

const out = new URL('../data/', import.meta.url);
rmSync(out, { recursive: true, force: true });
const brotli = (json) => zlib.brotliCompressSync(Buffer.from(JSON.stringify(json)), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
const index = {};
let bytes = 0;
for (const [kind, pkg] of Object.entries(kinds)) {
  const mod = await import(pkg);
  const Ctor = mod[kind] ?? mod.default;
  mkdirSync(new URL(`${kind}/`, out), { recursive: true });
  index[kind] = {};
  for (const locale of locales) {
    let file;
    try {
      file = require.resolve(`${pkg}/locale-data/${locale}.js`);
    } catch {
      continue; // PluralRules has languages only; their variants fall back
    }
    let [data] = captured(file, kind, '__addLocaleData');
    if (!data || data.locale !== locale) throw new Error(`${file}: no data for ${locale}`);
    if (kind === 'DateTimeFormat') data = asV8(data);
    if (kind === 'RelativeTimeFormat') data = relativeFromCLDR(data);
    // PluralRules' data holds its rule as a function: kept as source,
    // made a function again when loaded (intl.js).
    const body = brotli(typeof data.data.fn === 'function' ? { ...data, data: { ...data.data, fn: data.data.fn.toString() } } : data);
    bytes += body.length;
    writeFileSync(new URL(`${kind}/${locale}.json.br`, out), body);
    // Which tags this file answers, as FormatJS registers it after the
    // files before it (the order is the runtime's too: see intl.js).
    const before = { ...Ctor.localeData };
    Ctor.__addLocaleData(data);
    for (const [tag, d] of Object.entries(Ctor.localeData)) {
      if (before[tag] !== d) index[kind][tag] = locale;
    }
  }
}
// A language-region tag answers with the file of its likely script, as
// ICU's likely subtags say (zh-HK is Traditional Chinese: zh-Hant-HK, not
// the zh-Hans-HK file whose registration claimed it; sr-RS is Cyrillic),
// and a language-script tag with the file of the script's likely region:
// zh-Hans is zh (zh-Hans-CN), not zh-Hans-HK, so zh-CN (which resolves
// through zh-Hans) counts hours to 23 as ICU does, not to 12 as Hong Kong.
const scriptOf = (tag) => new Intl.Locale(tag).maximize().script;
for (const tags of Object.values(index)) {
  const files = [...new Set(Object.values(tags))];
  for (const tag of Object.keys(tags)) {
    const l = new Intl.Locale(tag);
    if (l.script ? l.region : !l.region) continue;
    const max = l.maximize();
    if (l.region && scriptOf(tags[tag]) === max.script) continue;
    const same = files.filter((f) => new Intl.Locale(f).language === max.language && scriptOf(f) === max.script);
    const want = same.find((f) => new Intl.Locale(f).region === max.region) ?? same.find((f) => !new Intl.Locale(f).region);
    if (want) tags[tag] = want;
  }
}
// The time zone names as ICU knows them (CLDR's bcp47 aliases, the first
// of each its canonical ID): what V8's resolvedOptions().timeZone reports
// for each name it accepts (the GMT/UTC family as "UTC"), and the zones
// supportedValuesOf('timeZone') lists (the canonical IDs but Etc/), sorted.
// FormatJS follows IANA's links instead (Europe/Stockholm → Europe/Berlin).
const zoneNames = {};
const zoneList = [];
for (const entry of Object.values(require('cldr-bcp47/bcp47/timezone.json').keyword.u.tz)) {
  if (typeof entry !== 'object' || !entry._alias || entry._deprecated) continue;
  const [canonical, ...aliases] = entry._alias.split(' ');
  if (canonical === 'Etc/Unknown') continue;
  const reported = canonical === 'Etc/GMT' || canonical === 'Etc/UTC' ? 'UTC' : canonical;
  for (const name of [canonical, ...aliases]) zoneNames[name.toUpperCase()] = reported;
  if (!canonical.startsWith('Etc/')) zoneList.push(canonical);
}
zoneList.sort();
mkdirSync(new URL('TimeZone/', out), { recursive: true });
const zonesBody = brotli({ list: zoneList, names: zoneNames });
bytes += zonesBody.length;
writeFileSync(new URL('TimeZone/zones.json.br', out), zonesBody);

const [tz] = captured(require.resolve('@formatjs/intl-datetimeformat/add-all-tz.js'), 'DateTimeFormat', '__addTZData');
const tzBody = brotli(tz);
bytes += tzBody.length;
writeFileSync(new URL('tz.json.br', out), tzBody);
writeFileSync(new URL('index.json', out), JSON.stringify(index) + '\n');
console.log(`${locales.length} locales, ${(bytes / 1048576).toFixed(1)} MiB compressed`);
