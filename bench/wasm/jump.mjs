// jumpHash and jumpHashMany of every key type, and getConsumers(key, 3), on each backend and each
// build of @chash/core given, side by side (not part of tests). ns per key, best round.
//
//   pnpm --filter @chash/core build && node bench/wasm/jump.mjs [--rounds N] [--repeat N] [--core DIR ...] [--backend NAME ...]
//
// Each `--core` is a built packages/core/dist whose node_modules reach its own @chash/native and
// @chash/wasm builds (default: this checkout's). Every backend × build runs in a process of its
// own, alternating run by run (harness.mjs), so that builds compare in the same machine state.
// Keys: harness.mjs's 100,000 distinct 22-byte ASCII keys; 1,000 buckets (or consumers).
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as run from './harness.mjs'

const chosen = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--backend' ? [a] : []))
const BACKENDS = chosen.length > 0 ? chosen : ['native', 'wasm', 'js']
const BATCH = 16_384
const BUCKETS = 1000
const cores = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--core' ? [a] : []))

if (run.only === undefined) {
  const dirs = cores.length > 0 ? cores : [fileURLToPath(run.core)]
  const names = BACKENDS.flatMap((backend) => dirs.map((dir) => `${backend}@${dir}`))
  const rows = run.runEachBackend(import.meta.url, names)
  console.log(`ns per key, best of ${run.ROUNDS} rounds × ${run.REPEAT} runs; builds: ${dirs.join(' | ')}`)
  const table = {}
  for (const [name, row] of rows) {
    const [backend, dir] = name.split('@')
    for (const [op, ns] of Object.entries(row)) {
      const line = `${backend} ${op}`
      table[line] ??= {}
      table[line][`build ${dirs.indexOf(dir) + 1}`] = ns
    }
  }
  console.table(table)
} else {
  const [backend, dir] = run.only.split('@')
  console.log(JSON.stringify(await measureBackend(backend, pathToFileURL(`${dir}/`))))
}

/** ns per key of each operation on one backend of one build. */
async function measureBackend(backend, core) {
  const { ConsistentHashRing, availableBackends, jumpHash, jumpHashMany } = await import(
    new URL('index.js', core)
  )
  if (!availableBackends().includes(backend)) return { unavailable: `${backend} in ${core}` }
  const options = { backend }
  const keys = run.makeKeys()
  const encoder = new TextEncoder()
  const bytes = keys.map((key) => encoder.encode(key))
  // The keys' XXH3, as jumpHash(string) jumps them: the integer path with the same buckets out.
  const words = BigUint64Array.from(keys, (_, k) => (BigInt(k) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn)
  const bigints = Array.from(words)
  const batches = (list) => {
    const out = []
    for (let k = 0; k + BATCH <= list.length; k += BATCH) out.push(list.slice(k, k + BATCH))
    return out
  }
  const stringBatches = batches(keys)
  const bigintBatches = batches(bigints)
  const wordBatches = batches(words)
  const counted = stringBatches.length * BATCH
  const ring = new ConsistentHashRing({ backend, vnodes: run.VNODES })
  for (let c = 0; c < run.CONSUMERS; c++) ring.addConsumer(`node-${c}.example.com`, c)
  ring.getConsumer('warm-up')

  let sink = 0
  const single = (call, list) => () => {
    for (let k = 0; k < run.KEYS; k++) sink ^= call(list[k])
    return run.KEYS
  }
  const many = (list) => () => {
    for (const batch of list) sink ^= jumpHashMany(batch, BUCKETS, options)[0]
    return counted
  }
  const ops = {
    'jumpHash(string)': single((key) => jumpHash(key, BUCKETS, options), keys),
    'jumpHash(bytes)': single((key) => jumpHash(key, BUCKETS, options), bytes),
    'jumpHash(bigint)': single((key) => jumpHash(key, BUCKETS, options), bigints),
    'jumpHashMany(16,384 strings)': many(stringBatches),
    'jumpHashMany(16,384 bigints)': many(bigintBatches),
    'jumpHashMany(BigUint64Array)': many(wordBatches),
    getConsumer: single((key) => ring.getConsumer(key), keys),
    'getConsumers(key, 3)': single((key) => ring.getConsumers(key, 3).length, keys),
  }
  const best = {}
  for (let round = 0; round < run.ROUNDS; round++) {
    for (const [op, step] of Object.entries(ops)) {
      const start = performance.now()
      const count = step()
      best[op] = Math.min(best[op] ?? Number.POSITIVE_INFINITY, ((performance.now() - start) * 1e6) / count)
    }
  }
  if (sink === 0.5) console.error(sink) // keeps the results alive
  const row = {}
  for (const [op, ns] of Object.entries(best)) row[op] = Number(ns.toFixed(1))
  return row
}
