/**
 * A quick, self-contained check of the MementoHash targets: per backend (each in a Node process of
 * its own, as users run one), `getBucket` and `getBucketMany` with 0, 1 and 10 % of 1,000 buckets
 * removed against jump hash of the same 22-byte string keys (`jumpHash(key)` and
 * `jumpHashMany(keys)`: XXH3 then jump), and against `jumpHashMany` of keys hashed beforehand (the
 * jump alone). Rounds of all cases are interleaved and the best of 15 counts (see best-of.ts).
 * Run: `node --expose-gc bench/dist/memento-speed.js`.
 */
import { fileURLToPath } from 'node:url'
import { type BackendName, jumpHash, jumpHashMany, KeyBatch, xxh3 } from '@chash/core'
import { bestOf, type RoundRunner, runPerBackend } from './best-of.js'
import { BATCH, makeBatches, makeKeys } from './keys.js'
import { mementoWithRemovals, REMOVED_PERCENT } from './memento-contenders.js'

const BUCKETS = 1000
const KEY_LENGTH = 22
const BATCHES = 4
const ROUNDS = 15
let sink: unknown

/** The cases of one backend, measured in this process; one markdown row per Memento case. */
function measure(backend: BackendName): string[] {
  const options = { backend } as const
  const keys = makeKeys(KEY_LENGTH, BATCH * BATCHES)
  const batches = makeBatches(keys)
  const packed = batches.map((batch) => KeyBatch.from(batch))
  const hashed = batches.map((batch) => BigUint64Array.from(batch, (key) => xxh3(key)))
  const out = new Int32Array(BATCH)
  const runners: RoundRunner[] = [
    {
      name: 'jump single',
      units: keys.length,
      run() {
        for (let k = 0; k < keys.length; k++) sink = jumpHash(keys[k], BUCKETS, options)
      },
    },
    {
      name: 'jump batch',
      units: keys.length,
      run() {
        for (let b = 0; b < batches.length; b++) sink = jumpHashMany(batches[b], BUCKETS, options)
      },
    },
    {
      name: 'jump batch prehashed',
      units: keys.length,
      run() {
        for (let b = 0; b < hashed.length; b++) sink = jumpHashMany(hashed[b], BUCKETS, options)
      },
    },
  ]
  for (const percent of REMOVED_PERCENT) {
    const m = mementoWithRemovals(backend, BUCKETS, percent)
    runners.push(
      {
        name: `single ${percent}`,
        units: keys.length,
        run() {
          for (let k = 0; k < keys.length; k++) sink = m.getBucket(keys[k])
        },
      },
      {
        name: `batch ${percent}`,
        units: keys.length,
        run() {
          for (let b = 0; b < packed.length; b++) sink = m.getBucketMany(packed[b], out)
        },
      },
    )
  }
  const best = bestOf(runners, ROUNDS)
  const ns = (name: string) => best.get(name) as number
  const row = (percent: number, op: 'single' | 'batch') => {
    const memento = ns(`${op} ${percent}`)
    const jump = ns(`jump ${op}`)
    const alone = op === 'batch' ? `${(memento / ns('jump batch prehashed')).toFixed(2)}×` : '—'
    return `| ${backend} | ${op} | ${percent} % | ${memento.toFixed(1)} | ${jump.toFixed(1)} | ${(memento / jump).toFixed(2)}× | ${alone} |`
  }
  return REMOVED_PERCENT.flatMap((percent) => [row(percent, 'single'), row(percent, 'batch')])
}

runPerBackend(
  fileURLToPath(import.meta.url),
  [
    `MementoHash vs jump hash, ${BUCKETS} buckets, ${KEY_LENGTH}-byte keys, best of ${ROUNDS} interleaved rounds`,
    '| backend | call | removed | Memento ns/key | jump ns/key (same string keys) | Memento ÷ jump | Memento ÷ jump of prehashed keys |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ],
  measure,
)
if (sink === Symbol.for('never')) console.log(sink)
