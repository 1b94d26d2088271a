/**
 * A quick, self-contained check of KetamaRing against hashring on cold keys at 10, 100 and 1,000
 * servers: per contender, the best of 7 rounds over 100,000 distinct 22-byte keys (the best round
 * is the least disturbed on a shared machine). The full suite (`npm run bench`) times the same
 * cases with benchmark.js in isolated processes. Run: `node --expose-gc bench/dist/ketama-speed.js`.
 */
import { availableBackends } from '@chash/core'
import { hashring } from './contenders.js'
import { ketamaRing } from './ketama-contenders.js'

const KEYS = 100_000
const ROUNDS = 7
let sink: unknown

/** Best ns per key over the rounds; each round uses keys no earlier round used (cold for hashring's cache). */
function time(get: (key: string) => unknown, round: (r: number) => string[]): number {
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < ROUNDS; r++) {
    const keys = round(r)
    const start = process.hrtime.bigint()
    for (let k = 0; k < keys.length; k++) sink = get(keys[k])
    best = Math.min(best, Number(process.hrtime.bigint() - start) / keys.length)
  }
  return best
}

console.log('| servers | contender | ns per getConsumer (best of 7 × 100,000 cold keys) | hashring ÷ this |')
console.log('| --- | --- | --- | --- |')
for (const servers of [10, 100, 1000]) {
  let salt = 0
  // 22-byte keys, never repeated across rounds or contenders.
  const round = () => {
    salt++
    return Array.from({ length: KEYS }, (_, i) => `k${salt}:${String(i).padStart(16, '0')}`.slice(0, 22))
  }
  const hr = hashring(servers)
  const reference = time((key) => hr.get(key), round)
  console.log(`| ${servers} | hashring | ${reference.toFixed(0)} | 1.0× |`)
  for (const backend of availableBackends()) {
    const ring = ketamaRing(backend, servers)
    const ns = time((key) => ring.getConsumer(key), round)
    console.log(`| ${servers} | KetamaRing ${backend} | ${ns.toFixed(0)} | ${(reference / ns).toFixed(1)}× |`)
  }
}
if (sink === Symbol.for('never')) console.log(sink)
