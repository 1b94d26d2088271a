/**
 * A quick, self-contained check of KetamaRing against hashring on cold keys at 10, 100 and 1,000
 * servers: per backend, in a Node process of its own, rounds of hashring `get` and KetamaRing
 * `getConsumer` interleaved over 100,000 distinct 22-byte keys a round (no key seen twice, so
 * hashring's cache misses), the best of 7 counting (see best-of.ts). The full suite (`npm run
 * bench`) times the same cases with benchmark.js. Run: `node --expose-gc bench/dist/ketama-speed.js`.
 */
import { fileURLToPath } from 'node:url'
import type { BackendName } from '@chash/core'
import { bestOf, runPerBackend } from './best-of.js'
import { hashring } from './contenders.js'
import { ketamaRing } from './ketama-contenders.js'

const KEYS = 100_000
const ROUNDS = 7
let sink: unknown

/** One row per server count: hashring's and KetamaRing's best ns per key, and their ratio. */
function measure(backend: BackendName): string[] {
  return [10, 100, 1000].map((servers) => {
    // 22-byte keys, distinct across rounds and server counts.
    const rounds = Array.from({ length: ROUNDS }, (_, r) => {
      const prefix = `k${servers}.${r}:`
      return Array.from({ length: KEYS }, (_, i) => `${prefix}${String(i).padStart(22 - prefix.length, '0')}`)
    })
    const hr = hashring(servers)
    const ring = ketamaRing(backend, servers)
    const best = bestOf(
      [
        {
          name: 'hashring',
          units: KEYS,
          run(r) {
            const keys = rounds[r]
            for (let k = 0; k < keys.length; k++) sink = hr.get(keys[k])
          },
        },
        {
          name: 'ketama',
          units: KEYS,
          run(r) {
            const keys = rounds[r]
            for (let k = 0; k < keys.length; k++) sink = ring.getConsumer(keys[k])
          },
        },
      ],
      ROUNDS,
    )
    const reference = best.get('hashring') as number
    const ns = best.get('ketama') as number
    return `| ${servers} | ${backend} | ${ns.toFixed(0)} | ${reference.toFixed(0)} | ${(reference / ns).toFixed(1)}× |`
  })
}

runPerBackend(
  fileURLToPath(import.meta.url),
  [
    `KetamaRing getConsumer vs hashring get, cold 22-byte keys, best of ${ROUNDS} interleaved rounds of ${KEYS.toLocaleString('en')}`,
    '| servers | backend | KetamaRing ns/key | hashring ns/key | hashring ÷ KetamaRing |',
    '| --- | --- | --- | --- | --- |',
  ],
  measure,
)
if (sink === Symbol.for('never')) console.log(sink)
