// Two or more builds of @chash/core (each with its own @chash/native and @chash/wasm) side by
// side in one process (not part of tests): rounds of each single call on each build, interleaved
// so that every build sees the same machine load; CPU time per call (process.cpuUsage), best and
// median. Each build's functions have their own type feedback, so the builds do not mix.
//
//   node bench/native/compare-core.mjs [--backend NAME] [--consumers N] [--key-length N] \
//     OLD/packages/core/dist packages/core/dist
//
// Calls: getConsumer and getConsumers(key, 3) on a ring of 1,000 consumers (`--consumers`), jumpHash
// of a string and of a bigint into 1,000 buckets, xxh3 (a bigint) and xxh3Into of a string, and
// getConsumerMany of arrays of 20,000 keys (the time per key); keys: the million 22-byte keys of
// quick.mjs (`--key-length` for longer or shorter ones).
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { KEY_SET, paddedKeys } from './timing.mjs'

const ROUNDS = 12
const PER_ROUND = 100_000
// getConsumerMany's arrays: a round's keys are 5 of them, each past V8's 128 KB regular objects,
// as the benchmark's batches of 16,384 keys are.
const BATCH = 20_000
const args = process.argv.slice(2)
/** The value of `--name` (taken out of `args`), or `fallback`. */
function option(name, fallback) {
  const at = args.indexOf(name)
  return at >= 0 ? args.splice(at, 2)[1] : fallback
}
const backend = option('--backend', 'native')
const consumers = Number(option('--consumers', '1000'))
const keyLength = Number(option('--key-length', '22'))
const keys = paddedKeys(keyLength)
const words = keys.map((_, k) => (BigInt(k) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn)
const batches = Array.from({ length: KEY_SET / BATCH }, (_, b) => keys.slice(b * BATCH, (b + 1) * BATCH))
const builds = []
for (const [index, dir] of args.entries()) {
  const core = await import(pathToFileURL(resolve(dir, 'index.js')).href)
  const ring = new core.ConsistentHashRing({ backend })
  for (let i = 0; i < consumers; i++) ring.addConsumer(`node-${i}`, i)
  ring.getConsumer('warm up')
  const options = { backend }
  const halves = new Uint32Array(2)
  builds.push({
    name: `${index + 1}: ${dir}`,
    calls: {
      getConsumer: (k) => ring.getConsumer(keys[k]),
      'getConsumers(key, 3)': (k) => ring.getConsumers(keys[k], 3).length,
      'jumpHash(string)': (k) => core.jumpHash(keys[k], 1000, options),
      'jumpHash(bigint)': (k) => core.jumpHash(words[k], 1000, options),
      'xxh3(string)': (k) => Number(core.xxh3(keys[k], 0n, options) & 1n),
      'xxh3Into(string)': (k) => core.xxh3Into(keys[k], halves, 0n, options)[1],
      'getConsumerMany, per key': (k) =>
        k % BATCH === 0 ? ring.getConsumerMany(batches[k / BATCH]).length : 0,
    },
  })
}
const samples = {}
for (let round = 0; round < ROUNDS; round++) {
  const offset = (round * PER_ROUND) % KEY_SET
  for (const { name, calls } of builds) {
    for (const [op, call] of Object.entries(calls)) {
      const start = process.cpuUsage()
      let acc = 0
      for (let k = offset; k < offset + PER_ROUND; k++) acc ^= call(k)
      const used = process.cpuUsage(start)
      globalThis.sink = acc
      const label = `${backend} ${op.padEnd(20)} ${name}`
      samples[label] ??= []
      // The first round warms up.
      if (round > 0) samples[label].push(((used.user + used.system) * 1000) / PER_ROUND)
    }
  }
}
for (const [name, ns] of Object.entries(samples).sort(([a], [b]) => (a < b ? -1 : 1))) {
  ns.sort((a, b) => a - b)
  console.log(`${name.padEnd(72)} best ${ns[0].toFixed(1)}  median ${ns[ns.length >> 1].toFixed(1)}`)
}
