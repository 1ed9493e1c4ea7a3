// Intl (ECMA-402), which goja lacks. Each formatting constructor is
// FormatJS's (a lazy module, polyfills/vendor/intl): the first read of
// Intl.NumberFormat runs it in this worker, and it puts itself on Intl.
// wire() then feeds it CLDR data from Go (intl.go) one locale at a time:
// every locale jsroutes ships is available at once, and a locale's data is
// read the first time a formatter resolves to it. Collator and the case
// mappings are Go's (golang.org/x/text). Number, BigInt, Date and String's
// toLocale* methods go through them, as in V8.
import { host } from '../host.js';
import { lazyModule } from '../lazy-globals.js';

const Intl = {};
Object.defineProperty(Intl, Symbol.toStringTag, { value: 'Intl', configurable: true });
Object.defineProperty(globalThis, 'Intl', { value: Intl, writable: true, configurable: true, enumerable: false });

// The lazy module of each FormatJS part, and whether it takes locale data.
const parts = {
  getCanonicalLocales: ['intl-getcanonicallocales', false],
  Locale: ['intl-locale', false],
  supportedValuesOf: ['intl-supportedvaluesof', false],
  PluralRules: ['intl-pluralrules', true],
  NumberFormat: ['intl-numberformat', true],
  DateTimeFormat: ['intl-datetimeformat', true],
  RelativeTimeFormat: ['intl-relativetimeformat', true],
  ListFormat: ['intl-listformat', true],
  DisplayNames: ['intl-displaynames', true],
  Segmenter: ['intl-segmenter', false],
};

let index;

// wire gives a FormatJS constructor the locales jsroutes ships: all
// available (the tags of data/index.json, which say which locale file
// answers each, as FormatJS's own registration would), each locale's data
// read from Go when first asked for.
function wire(name, Ctor) {
  index ??= JSON.parse(host.intlIndex());
  const files = index[name];
  const data = Ctor.localeData;
  const loaded = new Set();
  const load = (file) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const d = JSON.parse(host.intlData(name, file));
    if (typeof d.data.fn === 'string') d.data.fn = new Function(`return (${d.data.fn})`)(); // PluralRules' rule
    Ctor.__addLocaleData(d);
  };
  for (const tag of Object.keys(files)) Ctor.availableLocales.add(tag);
  Ctor.localeData = new Proxy(data, {
    get(target, tag) {
      const file = typeof tag === 'string' ? files[tag] : undefined;
      if (file === undefined) return target[tag];
      load(file);
      return target[file];
    },
    has(target, tag) {
      return tag in target || (typeof tag === 'string' && Object.hasOwn(files, tag));
    },
  });
  shapeAsV8[name]?.(Ctor);
  // Node's default locale where LANG says nothing better.
  Ctor.__defaultLocale = 'en-US';
  if (name === 'DateTimeFormat') {
    Ctor.__addCalendarData(...calendars);
    Ctor.tzData = timeZones();
    try {
      Ctor.__setDefaultTimeZone(host.intlDefaultTimeZone());
    } catch {
      Ctor.__setDefaultTimeZone('UTC');
    }
  }
}

// calendars are the days of the calendars other than the Gregorian that
// locales' data names first (gen.mjs' calendars: Thai's Buddhist one,
// Persian's Persian one), as FormatJS asks for them: t is a local time in
// ms, the month 0-based.
const calendars = [
  {
    calendar: 'buddhist', // the Gregorian's months and days, years from 543 BC (ICU's BuddhistCalendar)
    dateFromTime(t) {
      const d = new Date(t);
      return { era: 'BE', year: d.getUTCFullYear() + 543, month: d.getUTCMonth(), day: d.getUTCDate() };
    },
  },
  {
    // ICU's PersianCalendar: arithmetic, 33-year cycles, from 1 Farvardin 1
    // AP (Julian day 1948320); months of 31 days, then 30, then 29 or 30.
    calendar: 'persian',
    dateFromTime(t) {
      const days = Math.floor(t / 864e5) + 2440588 - 1948320; // since the epoch, in days
      const year = 1 + Math.floor((33 * days + 3) / 12053);
      const dayOfYear = days - (365 * (year - 1) + Math.floor((8 * year + 21) / 33));
      const month = dayOfYear < 216 ? Math.floor(dayOfYear / 31) : Math.floor((dayOfYear - 6) / 30);
      const day = dayOfYear - (month < 7 ? 31 * month : 30 * month + 6) + 1;
      return { era: 'AP', year, month, day };
    },
  },
];

// Each part is an accessor until first read. While its module runs, the
// property is undefined, as in an engine without it: FormatJS modules
// look for a native implementation to keep when they load.
// shapeAsV8 gives FormatJS's answers the shape of V8's where they differ
// only in form: the order of resolvedOptions() keys, pluralCategories in
// V8's order (alphabetical, "other" last).
const resolvedOrder = {
  NumberFormat: ['locale', 'numberingSystem', 'style', 'currency', 'currencyDisplay', 'currencySign', 'unit', 'unitDisplay', 'minimumIntegerDigits',
    'minimumFractionDigits', 'maximumFractionDigits', 'minimumSignificantDigits', 'maximumSignificantDigits', 'useGrouping', 'notation', 'compactDisplay',
    'signDisplay', 'roundingMode', 'roundingIncrement', 'trailingZeroDisplay', 'roundingPriority'],
  PluralRules: ['locale', 'type', 'minimumIntegerDigits', 'minimumFractionDigits', 'maximumFractionDigits', 'minimumSignificantDigits',
    'maximumSignificantDigits', 'pluralCategories'],
};
function reorderResolved(Ctor, keys, fix) {
  const real = Ctor.prototype.resolvedOptions;
  Object.defineProperty(Ctor.prototype, 'resolvedOptions', {
    value: function resolvedOptions() {
      const got = real.call(this);
      const out = {};
      for (const k of keys) if (got[k] !== undefined) out[k] = got[k];
      return fix ? fix(out) : out;
    },
    writable: true,
    configurable: true,
  });
}

// wrapFormat puts a function made by wrap(formatter, FormatJS's bound
// format) in front of a constructor's format getter, one per formatter
// (format is a getter giving the same bound function each time).
function wrapFormat(Ctor, wrap) {
  const { get } = Object.getOwnPropertyDescriptor(Ctor.prototype, 'format');
  const bound = new WeakMap();
  Object.defineProperty(Ctor.prototype, 'format', {
    get() {
      let f = bound.get(this);
      if (f === undefined) {
        f = wrap(this, get.call(this));
        bound.set(this, f);
      }
      return f;
    },
    configurable: true,
  });
}

// V8's format() of a DateTimeFormat writes U+202F (CLDR's narrow no-break
// space, as before "AM") as a plain space, for the web's sake; its
// formatToParts and formatRange keep it.
//
// fastDates puts Go in front of FormatJS's format() for the common
// formats (Gregorian calendar, Latin digits; no era, time zone name,
// fractional seconds or flexible day periods): FormatJS walks the pattern
// in goja, ~300 µs a call. A formatter's template is learned from a twin
// formatter in UTC (the same locale and fields: its parts, month and
// weekday names and the day period of each hour), then checked against
// FormatJS itself on instants across a century, both halves of the day and
// of the year (DST): any disagreement, and the formatter stays FormatJS's.
//
// Learning costs ~15 ms (some 60 calls of FormatJS), so templates are kept
// by the formatter's resolved options, for the formatters made per call
// (new Intl.DateTimeFormat in a handler, toLocaleDateString with options)
// to find, and a set of options is learned only on its learnAfter-th
// format(): a formatter used once pays nothing.
function fastDates(Ctor) {
  wrapFormat(Ctor, (dtf, real) => {
    const plain = (date) => real(date).replaceAll('\u202f', ' ');
    let key;
    let template; // undefined: not learned yet; null: none
    return (date) => {
      if (template === undefined) {
        key ??= JSON.stringify(dtf.resolvedOptions());
        template = learnedTemplate(key, () => dateTemplate(Ctor, dtf, real));
      }
      const t = template === null || template === undefined ? NaN : date === undefined ? Date.now() : Number(date);
      const out = Number.isFinite(t) ? host.dateFormat(template, t) : undefined;
      return out === undefined ? plain(date) : out.replaceAll('\u202f', ' ');
    };
  });
}

const learnAfter = 3;
const dateTemplates = new Map(); // resolved options → template, null (none), or the uses so far

function learnedTemplate(key, learn) {
  const entry = dateTemplates.get(key);
  if (entry !== undefined && typeof entry !== 'number') return entry;
  const uses = (entry ?? 0) + 1;
  let template = null;
  if (uses < learnAfter) {
    dateTemplates.set(key, uses);
    return undefined;
  }
  try {
    template = learn() ?? null;
  } catch {
    template = null; // a formatter the template cannot describe stays FormatJS's
  }
  if (dateTemplates.size >= 256) dateTemplates.clear();
  dateTemplates.set(key, template);
  return template;
}

const dateFields = ['weekday', 'year', 'month', 'day', 'dayPeriod', 'hour', 'minute', 'second'];
// dateProbes are the instants a date template must format as FormatJS does.
const dateProbes = [0, -1, 1e12, 1717243199999, Date.UTC(2024, 0, 5, 3, 4, 5), Date.UTC(2024, 6, 15, 12, 0, 0), Date.UTC(2024, 2, 31, 0, 30),
  Date.UTC(2024, 9, 27, 23, 59, 59), Date.UTC(1999, 11, 31, 23, 0), Date.UTC(2038, 0, 19, 3, 14, 8), Date.UTC(1955, 4, 9, 11, 59, 59),
  Date.UTC(2100, 1, 28, 18, 45), Date.UTC(2024, 1, 29, 12, 0), Date.UTC(2024, 10, 3, 9, 30)];

function dateTemplate(Ctor, dtf, real) {
  const o = dtf.resolvedOptions();
  if (o.calendar !== 'gregory' || o.numberingSystem !== 'latn' || o.era !== undefined || o.timeZoneName !== undefined ||
    o.fractionalSecondDigits !== undefined || o.dayPeriod !== undefined) return undefined;
  const options = { timeZone: 'UTC', calendar: 'gregory', numberingSystem: 'latn' };
  for (const k of ['dateStyle', 'timeStyle', 'hourCycle', ...dateFields]) if (o[k] !== undefined) options[k] = o[k];
  if (o.dateStyle !== undefined || o.timeStyle !== undefined) for (const k of dateFields) delete options[k];
  const twin = new Ctor(o.locale, options);
  const at = (ms) => twin.formatToParts(ms);
  // Small values tell numeric from 2-digit: 2024-01-05 03:04:05.
  const probe = at(Date.UTC(2024, 0, 5, 3, 4, 5));
  if (probe.some((p) => p.type !== 'literal' && !dateFields.includes(p.type))) return undefined;
  const value = (parts, type) => parts.find((p) => p.type === type)?.value;
  const has = (type) => probe.some((p) => p.type === type);
  const parts = probe.map((p) => {
    if (p.type === 'literal') return ['', p.value, false];
    if (p.type === 'weekday' || p.type === 'dayPeriod') return [p.type, '', false];
    if (p.type === 'month' && !/^\d+$/.test(p.value)) return ['month', '', false];
    return [p.type, '', /^0\d$/.test(p.value) || (p.type === 'year' && p.value.length === 2)];
  });
  const textMonth = has('month') && !/^\d+$/.test(value(probe, 'month'));
  const months = Array.from({ length: 12 }, (_, m) => (textMonth ? value(at(Date.UTC(2024, m, 15, 12)), 'month') : ''));
  const weekdays = Array.from({ length: 7 }, (_, d) => (has('weekday') ? value(at(Date.UTC(2024, 0, 7 + d, 12)), 'weekday') : ''));
  const periods = Array.from({ length: 24 }, (_, h) => (has('dayPeriod') ? value(at(Date.UTC(2024, 0, 5, h, 30)), 'dayPeriod') : ''));
  const template = host.dateTemplate([o.timeZone, o.hourCycle ?? '', parts, months, weekdays, periods]);
  if (template === undefined) return undefined;
  for (const t of dateProbes) {
    const fast = host.dateFormat(template, t);
    if (fast !== undefined && fast !== real(t)) return undefined;
  }
  // The day period at noon and midnight sharp (some locales name them).
  for (const t of [Date.UTC(2024, 0, 5, 0, 0), Date.UTC(2024, 0, 5, 12, 0)]) {
    if (has('dayPeriod') && value(at(t), 'dayPeriod') !== periods[new Date(t).getUTCHours()]) return undefined;
  }
  return template;
}

// fastNumbers puts Go in front of FormatJS's format() for plain formats
// (standard notation; decimal, percent or currency by symbol or code;
// half-expand rounding to fraction digits; signs as the locale writes
// them): FormatJS works each number out with decimal arithmetic in goja,
// ~550 µs a call. A formatter's template is learned from FormatJS's own
// formatToParts for probe values, then checked against FormatJS on more:
// any disagreement, and the formatter stays FormatJS's alone.
function fastNumbers(Ctor) {
  wrapFormat(Ctor, (nf, real) => {
    const template = numberTemplate(nf, real);
    return template === undefined ? real : (x) => (typeof x === 'number' ? (host.numberFormat(template, x) ?? real(x)) : real(x));
  });
}

const probes = [0, 1, -1, 0.5, 2.5, -2.5, 7.125, 1234, 12345, 1234.5, -1234.5678, 1e6, 123456789.123, 0.001, 99.995, 0.1 + 0.2, 1.005, 5e-7, 1e21, 9007199254740993];

function numberTemplate(nf, real) {
  const o = nf.resolvedOptions();
  if (o.notation !== 'standard' || o.roundingIncrement !== 1 || o.roundingMode !== 'halfExpand' || o.roundingPriority !== 'auto' ||
    o.minimumSignificantDigits !== undefined || o.trailingZeroDisplay !== 'auto' || o.signDisplay !== 'auto' ||
    !['decimal', 'percent', 'currency'].includes(o.style) || o.currencyDisplay === 'name') return undefined;
  const numeric = new Set(['integer', 'group', 'decimal', 'fraction']);
  const shape = (x) => {
    const parts = nf.formatToParts(x);
    const first = parts.findIndex((p) => numeric.has(p.type));
    let last = first;
    while (last + 1 < parts.length && numeric.has(parts[last + 1].type)) last++;
    const text = (ps) => ps.map((p) => p.value).join('');
    return {
      prefix: text(parts.slice(0, first)),
      suffix: text(parts.slice(last + 1)),
      ints: parts.filter((p) => p.type === 'integer').map((p) => p.value),
      group: parts.find((p) => p.type === 'group')?.value ?? '',
      decimal: parts.find((p) => p.type === 'decimal')?.value,
    };
  };
  const pos = shape(1234567.891);
  const neg = shape(-1234567.891);
  const digits = Array.from(shape(9876543210).ints.join(''));
  if (digits.length !== 10) return undefined;
  const order = '9876543210';
  const byValue = [];
  for (let i = 0; i < 10; i++) byValue[+order[i]] = digits[i];
  const grouped = pos.ints.length > 1;
  const primary = grouped ? Array.from(pos.ints[pos.ints.length - 1]).length : 0;
  const secondary = grouped && pos.ints.length > 2 ? Array.from(pos.ints[pos.ints.length - 2]).length : primary || 1;
  const minGrouping = grouped && shape(10 ** primary).ints.length === 1 ? 2 : 1;
  const template = host.numberTemplate([pos.prefix, pos.suffix, neg.prefix, neg.suffix, pos.group, pos.decimal ?? '.', primary, secondary, minGrouping,
    byValue, o.minimumIntegerDigits, o.minimumFractionDigits, o.maximumFractionDigits, o.style === 'percent']);
  for (const x of probes) {
    const fast = host.numberFormat(template, x);
    if (fast !== undefined && fast !== real(x)) return undefined;
  }
  return template;
}

// zones is how ICU (Node) names time zones, from CLDR's aliases (data
// made by webapi/intl/gen): names maps every name it accepts, upper-cased,
// to the one resolvedOptions().timeZone reports (Asia/Kolkata →
// Asia/Calcutta, but Europe/Stockholm stays itself where FormatJS follows
// IANA's link to Europe/Berlin), and list is what supportedValuesOf lists.
let zoneData;
const zones = () => (zoneData ??= JSON.parse(host.intlData('TimeZone', 'zones')));

// icuZones has resolvedOptions() report the zone as written, named as ICU
// names it (FormatJS's resolvedOptions asks __resolveZone: a polyfills/gen
// change), or the zone FormatJS resolved to when none was written.
function icuZones(Ctor) {
  Ctor.__resolveZone = (written, resolved) => zones().names[`${written ?? resolved}`.toUpperCase()] ?? resolved;
}

const shapeAsV8 = {
  DateTimeFormat: (Ctor) => {
    icuZones(Ctor);
    fastDates(Ctor);
  },
  NumberFormat: (Ctor) => {
    reorderResolved(Ctor, resolvedOrder.NumberFormat);
    fastNumbers(Ctor);
  },
  ListFormat: contextualLists,
  PluralRules: (Ctor) =>
    reorderResolved(Ctor, resolvedOrder.PluralRules, (o) => {
      o.pluralCategories = [...o.pluralCategories].sort((a, b) => (a === 'other') - (b === 'other') || (a < b ? -1 : a > b ? 1 : 0));
      return o;
    }),
};

// contextualLists does what ICU's list formatter does beyond CLDR's
// patterns: the last joining word changes with the word after it. In
// Spanish "y" becomes "e" before an /i/ sound (i…, hi… but not hia…/hie…)
// and "o" becomes "u" before an /o/ sound (o…, ho…, 8…, 11 alone or before
// a space); in Hebrew "ו" takes a hyphen before anything not written in
// Hebrew ("A ו-B", "א וב"). FormatJS joins with the patterns alone.
const listChanges = {
  es: [
    [' y ', ' e ', (w) => /^(?:i|hi(?![ae]))/i.test(w)],
    [' o ', ' u ', (w) => /^(?:o|ho|8|11(?: |$))/i.test(w)],
  ],
  he: [[' ו', ' ו-', (w) => w !== '' && !/^\p{Script=Hebrew}/u.test(w)]],
};
listChanges.iw = listChanges.he;

function contextualLists(Ctor) {
  const { formatToParts } = Ctor.prototype;
  const language = new WeakMap();
  const changed = (lf, list) => {
    const parts = formatToParts.call(lf, list);
    let lang = language.get(lf);
    if (lang === undefined) language.set(lf, (lang = lf.resolvedOptions().locale.split('-')[0]));
    const rules = listChanges[lang];
    if (rules === undefined || parts.length < 3) return parts;
    const literal = parts[parts.length - 2];
    const next = parts[parts.length - 1].value;
    for (const [from, to, applies] of rules) {
      if (literal.type === 'literal' && literal.value === from && applies(next)) literal.value = to;
    }
    return parts;
  };
  Object.defineProperties(Ctor.prototype, {
    formatToParts: { value: function formatToParts(list) { return changed(this, list); }, writable: true, configurable: true },
    format: { value: function format(list) { return changed(this, list).map((p) => p.value).join(''); }, writable: true, configurable: true },
  });
}

// timeZones is DateTimeFormat's tzData (zone → [[since, abbreviation,
// offset, dst], …]), each zone unpacked as FormatJS's unpack() does, the
// first time a formatter uses it.
function timeZones() {
  const tz = host.intlTimeZones();
  const { abbrvs, offsets, zones } = tz;
  const abbr = abbrvs.split('|');
  const offset = offsets.split('|').map((n) => parseInt(n, 36));
  const unpacked = Object.create(null);
  const unpack = (zone) =>
    (unpacked[zone] ??= zones[zone].split('|').map((z) => {
      const [ts, abbrvIndex, offsetIndex, dst] = z.split(',');
      return [ts === '' ? -Infinity : parseInt(ts, 36), abbr[+abbrvIndex], offset[+offsetIndex], dst === '1'];
    }));
  const names = Object.keys(zones);
  return new Proxy(unpacked, {
    get: (_t, zone) => (typeof zone === 'string' && Object.hasOwn(zones, zone) ? unpack(zone) : undefined),
    has: (_t, zone) => typeof zone === 'string' && Object.hasOwn(zones, zone),
    ownKeys: () => names,
    // Object.keys asks each zone's descriptor: its value is not unpacked
    // for that (a get does).
    getOwnPropertyDescriptor: (_t, zone) =>
      typeof zone === 'string' && Object.hasOwn(zones, zone) ? { value: undefined, writable: true, enumerable: true, configurable: true } : undefined,
  });
}

// listZonesAsV8 puts V8's list in front of supportedValuesOf('timeZone'):
// CLDR's canonical IDs (418, Africa/Accra and Asia/Calcutta among them),
// where FormatJS lists IANA's canonical zones (322).
function listZonesAsV8(real) {
  return {
    supportedValuesOf(key) {
      return `${key}` === 'timeZone' ? [...zones().list] : real(key);
    },
  }.supportedValuesOf;
}

// memoizeCanonical puts a memo in front of getCanonicalLocales, a pure
// function that FormatJS's best-fit matcher calls for each available
// locale each time a formatter is made: 8.6 ms per new NumberFormat
// before, most of it canonicalizing the same 150 tags again.
function memoizeCanonical(real) {
  const memo = new Map();
  const getCanonicalLocales = {
    getCanonicalLocales(locales) {
      try {
        return canonical(locales);
      } catch (e) {
        // V8's one message for a malformed tag, where FormatJS names the part.
        if (e instanceof RangeError) throw new RangeError('Incorrect locale information provided');
        throw e;
      }
    },
  }.getCanonicalLocales;
  function canonical(locales) {
    const one = typeof locales === 'string' ? locales : Array.isArray(locales) && locales.length === 1 && typeof locales[0] === 'string' ? locales[0] : undefined;
    if (one === undefined) return real(locales);
    let tags = memo.get(one);
    if (tags === undefined) {
      tags = real(one);
      if (memo.size >= 1024) memo.clear();
      memo.set(one, tags);
    }
    return [...tags];
  }
  return getCanonicalLocales;
}

// wrappers put V8's behaviour in front of FormatJS functions on Intl.
const wrappers = { getCanonicalLocales: memoizeCanonical, supportedValuesOf: listZonesAsV8 };

for (const [name, [module, localized]] of Object.entries(parts)) {
  const define = (value) => Object.defineProperty(Intl, name, { value, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(Intl, name, {
    configurable: true,
    enumerable: false,
    get() {
      define(undefined);
      try {
        lazyModule(module);
      } finally {
        if (Intl[name] === undefined) define(undefined);
      }
      const value = Intl[name];
      if (value === undefined) throw new TypeError(`Intl.${name} is not available: its module did not define it`);
      if (localized) wire(name, value);
      restore(name);
      const wrapped = wrappers[name]?.(value);
      if (wrapped === undefined) return value;
      define(wrapped);
      return wrapped;
    },
    set: define,
  });
}

// collatorLocale is the first requested locale, canonicalized as ECMA-402
// does, without its Unicode extensions; or the default.
function collatorLocale(locales) {
  const [tag] = Intl.getCanonicalLocales(locales);
  return tag ? tag.replace(/-u-.*$/, '') : 'en-US';
}

// Collator is Intl.Collator on Go's collation (the Unicode Collation
// Algorithm with CLDR's tailorings, golang.org/x/text/collate).
class Collator {
  #go;
  #options;
  #compare;
  constructor(locales, options) {
    const o = options === undefined ? {} : Object(options);
    const usage = stringOption(o, 'usage', ['sort', 'search'], 'sort');
    const numeric = o.numeric === undefined ? undefined : Boolean(o.numeric);
    const caseFirst = stringOption(o, 'caseFirst', ['upper', 'lower', 'false'], undefined);
    const sensitivity = stringOption(o, 'sensitivity', ['base', 'accent', 'case', 'variant'], 'variant');
    const ignorePunctuation = o.ignorePunctuation === undefined ? false : Boolean(o.ignorePunctuation);
    stringOption(o, 'localeMatcher', ['lookup', 'best fit'], 'best fit');
    const locale = collatorLocale(locales);
    const requested = Intl.getCanonicalLocales(locales)[0] ?? '';
    const fromTag = /-u(?:-[a-z0-9]{2,8})*-kn(?:-(true|false))?(?:-|$)/.exec(requested);
    const caseFromTag = /-u(?:-[a-z0-9]{2,8})*-kf-(upper|lower|false)(?:-|$)/.exec(requested)?.[1];
    this.#options = {
      locale,
      usage,
      sensitivity,
      ignorePunctuation,
      collation: 'default',
      numeric: numeric ?? (fromTag ? fromTag[1] !== 'false' : false),
      caseFirst: caseFirst ?? caseFromTag ?? 'false',
    };
    this.#go = host.collator(locale, this.#options);
  }
  get compare() {
    if (!this.#compare) {
      const go = this.#go;
      this.#compare = (a, b) => host.collatorCompare(go, `${a}`, `${b}`);
    }
    return this.#compare;
  }
  resolvedOptions() {
    return { ...this.#options };
  }
  static supportedLocalesOf(locales) {
    return Intl.getCanonicalLocales(locales);
  }
}
Object.defineProperty(Collator.prototype, Symbol.toStringTag, { value: 'Intl.Collator', configurable: true });
Object.defineProperty(Intl, 'Collator', { value: Collator, writable: true, configurable: true, enumerable: false });

function stringOption(o, name, allowed, fallback) {
  const v = o[name];
  if (v === undefined) return fallback;
  const s = `${v}`;
  if (!allowed.includes(s)) throw new RangeError(`Value ${s} out of range for Intl.Collator options property ${name}`);
  return s;
}

// Memos of the formatters the toLocale* methods make for their common
// calls (a locale string or none, no options): CSV exports and templates
// call them in loops, and a FormatJS constructor resolves locale and
// options anew each time.
const memo = new Map();
function memoized(key, make) {
  let v = memo.get(key);
  if (v === undefined) {
    if (memo.size >= 64) memo.clear();
    v = make();
    memo.set(key, v);
  }
  return v;
}
const simple = (locales, options) => options === undefined && (locales === undefined || typeof locales === 'string');

// The toLocale* methods of Number, BigInt and Date are FormatJS's once
// its NumberFormat or DateTimeFormat has loaded; until then, and in front
// of them after (a FormatJS module redefines them when it loads: see
// restore), a stub that loads the part on first call and answers the
// common calls from a memoized formatter.
const stubs = {};

function lateBound(proto, name, part, fast) {
  let real;
  const stub = {
    [name](...args) {
      if (fast) {
        const out = fast(this, ...args);
        if (out !== undefined) return out;
      }
      if (real === undefined) void Intl[part];
      if (real === undefined) throw new TypeError(`${name} is not available`);
      return real.apply(this, args);
    },
  }[name];
  Object.defineProperty(proto, name, { value: stub, writable: true, configurable: true });
  (stubs[part] ??= []).push(() => {
    real = proto[name] === stub ? real : proto[name];
    Object.defineProperty(proto, name, { value: stub, writable: true, configurable: true });
  });
}

// restore puts the stubs back in front of what a part's module defined.
const restore = (part) => stubs[part]?.forEach((f) => f());

lateBound(Number.prototype, 'toLocaleString', 'NumberFormat', (x, locales, options) => {
  if (!simple(locales, options)) return undefined;
  const n = Number.prototype.valueOf.call(x);
  return memoized(`n:${locales}`, () => new Intl.NumberFormat(locales)).format(n);
});
if (typeof BigInt === 'function') lateBound(BigInt.prototype, 'toLocaleString', 'NumberFormat');

// The options ECMA-402's ToDateTimeOptions gives each Date method when it
// is called without any.
const dateDefaults = {
  toLocaleString: { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
  toLocaleDateString: { year: 'numeric', month: 'numeric', day: 'numeric' },
  toLocaleTimeString: { hour: 'numeric', minute: 'numeric', second: 'numeric' },
};
for (const [name, defaults] of Object.entries(dateDefaults)) {
  lateBound(Date.prototype, name, 'DateTimeFormat', (d, locales, options) => {
    if (!simple(locales, options)) return undefined;
    const t = Date.prototype.getTime.call(d);
    if (Number.isNaN(t)) return 'Invalid Date';
    return memoized(`${name}:${locales}`, () => new Intl.DateTimeFormat(locales, defaults)).format(t);
  });
}

Object.defineProperty(String.prototype, 'localeCompare', {
  value: function localeCompare(that, locales, options) {
    if (this === null || this === undefined) throw new TypeError('String.prototype.localeCompare called on null or undefined');
    const collator = simple(locales, options) ? memoized(`c:${locales}`, () => new Collator(locales)) : new Collator(locales, options);
    return collator.compare(`${this}`, `${that}`);
  },
  writable: true,
  configurable: true,
});

for (const [name, upper] of [['toLocaleUpperCase', true], ['toLocaleLowerCase', false]]) {
  Object.defineProperty(String.prototype, name, {
    value: {
      [name](locales) {
        if (this === null || this === undefined) throw new TypeError(`String.prototype.${name} called on null or undefined`);
        const tag = locales === undefined ? 'und' : (Intl.getCanonicalLocales(locales)[0] ?? 'und');
        return host.caseMap(`${this}`, tag, upper);
      },
    }[name],
    writable: true,
    configurable: true,
  });
}
