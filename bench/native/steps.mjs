// Where a native single call's time goes: each step of `getConsumer` (and `getConsumers(key, 3)`)
// measured on its own by taking the steps away one at a time (not part of tests).
//
//   node bench/native/steps.mjs [--rounds N]
//
// Rows (ns per call, median and best of N rounds over the key rule of quick.mjs, 22-byte keys):
//   crossing       `pointCount()` of a bound ring function: the Node-API call with no argument
//   + bytes key    `lookup(Uint8Array)` on a 10-consumer ring (its 1,600 points stay in cache):
//                  the call, a typed-array argument, hashing and a cached search
//   + string key   `lookup(string)` on the same ring: the string read out of V8 and encoded
//   + big ring     `lookup(string)` on 1,000 consumers (160,000 points, 2.2 MB): cache misses
//   + payload      `ring.getConsumer(string)` of @chash/core: key check, engine call, payload
//   replicas       the engine's `replicas(key, 3, out)` on 1,000 consumers, with `out` a Uint32Array
//                  and an ArrayBuffer (what @chash/core passes), then @chash/core's
//                  `getConsumers(key, 3)` (the result array and three payloads)
// raw Rust's `lookup` (quick.mjs, raw_bench) is hashing and search without any binding.
//
// Needs @chash/core and @chash/native built (see quick.mjs).
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { KEY_SET, paddedKeys, REPO, ROUNDS, measure as time } from './timing.mjs'

const repo = REPO
const PER_ROUND = 250_000

const native = createRequire(import.meta.url)(join(repo, 'packages', 'native'))
const core = await import(pathToFileURL(join(repo, 'packages', 'core', 'dist', 'index.js')).href)

const keys = paddedKeys()
const encoder = new TextEncoder()
const byteKeys = keys.map((key) => encoder.encode(key))

function engine(consumers) {
  const fns = new native.NativeRing(0, 0, 0).functions()
  for (let i = 0; i < consumers; i++) fns.setConsumer(i, encoder.encode(`node-${i}`), 160)
  fns.lookup('warm up')
  return fns
}

function ring(consumers) {
  const r = new core.ConsistentHashRing({ backend: 'native' })
  for (let i = 0; i < consumers; i++) r.addConsumer(`node-${i}`, i)
  r.getConsumer('warm up')
  return r
}

/** Median and best ns of `call(key)` per key over ROUNDS rounds, after a warm-up round. */
function measure(call, set = keys) {
  const run = (offset) => {
    let acc = 0
    for (let k = offset; k < offset + PER_ROUND; k++) acc ^= call(set[k]) === undefined ? 0 : 1
    globalThis.sink = acc
  }
  return time(ROUNDS, PER_ROUND, KEY_SET, run)
}

const small = engine(10)
const big = engine(1000)
const r = ring(1000)
const out = new Uint32Array(16)
const outBuffer = new Uint32Array(16).buffer
const rows = {
  crossing: measure(() => small.pointCount()),
  '+ bytes key (10 consumers)': measure((key) => small.lookup(key), byteKeys),
  '+ string key (10 consumers)': measure((key) => small.lookup(key)),
  '+ big ring (1,000 consumers)': measure((key) => big.lookup(key)),
  '+ payload: getConsumer': measure((key) => r.getConsumer(key)),
  'engine replicas(key, 3, out)': measure((key) => big.replicas(key, 3, out)),
  'engine replicas(key, 3, out.buffer)': measure((key) => big.replicas(key, 3, outBuffer)),
  'getConsumers(key, 3)': measure((key) => r.getConsumers(key, 3)),
}
const fmt = (x) => x.toFixed(1).padStart(6)
console.log(`native single-call steps, 22-byte keys, ${ROUNDS} rounds (ns per call)`)
console.log(`${'step'.padEnd(34)} median   best`)
for (const [name, { median, best }] of Object.entries(rows))
  console.log(`${name.padEnd(34)} ${fmt(median)} ${fmt(best)}`)
