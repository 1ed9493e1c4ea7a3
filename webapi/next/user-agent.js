// userAgent() as next/server has it: ua-parser-js's reading of the
// User-Agent header, plus Next's isBot test. ua-parser-js is a lazy module
// (polyfills.LazyModules): most apps import next/server, few call
// userAgent, and leaving its 50 KB out of every bundle shortens builds and
// cold starts.
import { host } from '../host.js';

let UAParser = null;

const bots = /Googlebot|Mediapartners-Google|AdsBot-Google|googleweblight|Storebot-Google|Google-PageRenderer|Bingbot|BingPreview|Slurp|DuckDuckBot|baiduspider|yandex|sogou|LinkedInBot|bitlybot|tumblr|vkShare|quora link preview|facebookexternalhit|facebookcatalog|Twitterbot|applebot|redditbot|Slackbot|Discordbot|WhatsApp|SkypeUriPreview|ia_archiver/i;

export function isBot(input) {
  return bots.test(input);
}

export function userAgentFromString(input) {
  UAParser ??= host.loadLazy('ua-parser').default;
  return { ...new UAParser(input).getResult(), isBot: input === undefined ? false : isBot(input) };
}

export function userAgent({ headers }) {
  return userAgentFromString(headers.get('user-agent') || undefined);
}
