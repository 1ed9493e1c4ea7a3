// The streaming checks of TestNodeCryptoKeys ("ciphers stream"), run by jsroutes in a route
// and by Node 20 to write crypto-vectors.json's "streaming": node cipher-streaming.js
function streaming(crypto, Buffer) {
  const key = Buffer.alloc(32, 7), iv = Buffer.alloc(16, 3), iv12 = Buffer.alloc(12, 5);
  const data = Buffer.from('The quick brown fox jumps over the lazy dog, again and again and again!');
  const ivFor = (alg) => (alg.endsWith('gcm') ? iv12 : alg.endsWith('ecb') ? null : iv);
  const out = {};
  for (const alg of ['aes-256-cbc', 'aes-256-ecb', 'aes-256-ctr', 'aes-256-gcm']) {
    const c = crypto.createCipheriv(alg, key, ivFor(alg));
    const parts = [c.update(data.subarray(0, 5)), c.update(data.subarray(5, 37)), c.update(data.subarray(37)), c.final()];
    out[alg] = parts.map((p) => p.toString('hex'));
    const whole = Buffer.concat(parts);
    const d = crypto.createDecipheriv(alg, key, ivFor(alg));
    if (alg.endsWith('gcm')) { out[alg + ' tag'] = c.getAuthTag().toString('hex'); d.setAuthTag(c.getAuthTag()); }
    out[alg + ' decrypt'] = [d.update(whole.subarray(0, 16)), d.update(whole.subarray(16, 40)), d.update(whole.subarray(40)), d.final()].map((p) => p.toString('hex'));
    const e = crypto.createCipheriv(alg, key, ivFor(alg));
    out[alg + ' base64'] = [e.update(data.subarray(0, 4), undefined, 'base64'), e.update(data.subarray(4, 9), undefined, 'base64'), e.final('base64')];
  }
  const g = crypto.createCipheriv('aes-256-gcm', key, iv12);
  const kept = g.update(data); g.final();
  out['gcm update only'] = kept.toString('hex');
  try { crypto.createDecipheriv('aes-256-cbc', key, iv).final(); } catch (e) { out['empty final'] = e.message; }
  const text = Buffer.from('héllo wörld ✓ and more text to pass a block');
  const enc = Buffer.concat([crypto.createCipheriv('aes-256-ctr', key, iv).update(text)]);
  const d2 = crypto.createDecipheriv('aes-256-ctr', key, iv);
  out['utf8 pieces'] = [d2.update(enc.subarray(0, 2), undefined, 'utf8'), d2.update(enc.subarray(2, 14), undefined, 'utf8'), d2.update(enc.subarray(14), undefined, 'utf8'), d2.final('utf8')];
  return out;
}
if (typeof module !== 'undefined' && require.main === module) console.log(JSON.stringify(streaming(require('crypto'), Buffer)));
