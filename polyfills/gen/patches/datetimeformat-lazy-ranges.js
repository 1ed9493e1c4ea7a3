// jsroutes's patch of FormatJS's parseDateTimeSkeleton (polyfills/gen
// puts it in place of the function of that name in vendor/intl/
// datetimeformat.js): the range patterns (formatRange's) of each of a
// locale's ~760 skeletons are worked out when first read, for the one
// format a DateTimeFormat picks, not for all of them when the locale's data
// is first used. That up-front work was two thirds of the 690 ms a new
// locale's first DateTimeFormat took in goja. Behaviour is otherwise
// FormatJS's own code, moved into computeRanges.
function parseDateTimeSkeleton(skeleton, rawPattern = skeleton, rangePatterns, intervalFormatFallback) {
  const result = Object.assign(/* @__PURE__ */ Object.create(null), {
    pattern: "",
    pattern12: "",
    skeleton,
    rawPattern
  });
  let ranges;
  const computeRanges = () => {
    if (ranges) return ranges;
    ranges = { rangePatterns: /* @__PURE__ */ Object.create(null), rangePatterns12: /* @__PURE__ */ Object.create(null) };
    if (rangePatterns) for (const k in rangePatterns) {
      const key = skeletonTokenToTable2(k);
      const rawPattern2 = rangePatterns[k];
      const intervalResult = Object.assign(/* @__PURE__ */ Object.create(null), { patternParts: [] });
      const [pattern2, pattern122] = processDateTimePattern(rawPattern2, intervalResult);
      ranges.rangePatterns[key] = {
        ...intervalResult,
        patternParts: splitRangePattern(pattern2)
      };
      ranges.rangePatterns12[key] = {
        ...intervalResult,
        patternParts: splitRangePattern(pattern122)
      };
    }
    if (intervalFormatFallback) {
      const patternParts = splitFallbackRangePattern(intervalFormatFallback);
      ranges.rangePatterns.default = { patternParts };
      ranges.rangePatterns12.default = { patternParts };
    }
    const yearFields = ["{relatedYear}", "{yearName}"].filter((field) => result.pattern.includes(field));
    if (yearFields.length) for (const patterns of [ranges.rangePatterns, ranges.rangePatterns12]) for (const field of Object.keys(patterns)) {
      if (field === "default") continue;
      const range = patterns[field].patternParts.map((part) => part.pattern).join("");
      if (yearFields.some((yearField) => !range.includes(yearField))) delete patterns[field];
    }
    return ranges;
  };
  for (const name of ["rangePatterns", "rangePatterns12"]) Object.defineProperty(result, name, {
    get: () => computeRanges()[name],
    set(value) {
      Object.defineProperty(result, name, { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: true,
    configurable: true
  });
  replaceDateTimeTokens(skeleton, result);
  const fields = /* @__PURE__ */ Object.create(null);
  const [pattern, pattern12] = processDateTimePattern(rawPattern, fields);
  patternFields.set(result, fields);
  result.pattern = pattern;
  result.pattern12 = pattern12;
  return result;
}
