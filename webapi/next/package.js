// next/package.json, which next.config files and plugin wrappers read for
// Next.js's version (`require('next/package.json').version`): the Next.js
// whose behaviour jsroutes follows, as recorded in conformance/golden.
export const name = 'next';
export const version = '16.4.6';
export default { name, version };
