// Quick benchmark of the native backend against raw Rust and the js backend (not part of tests).
//
//   node bench/native/quick.mjs [--no-raw] [--rounds N]
//
// Ring: N = 1000 consumers "node-0" … "node-999", weight 1, vnodes 160, XXH3 seed 0. Keys: key k
// is the decimal k left-padded with '0' to 22 characters (100 for the `100 B` rows), k in
// 0 … 999,999, visited in order (the rule of crates/chash_core/examples/raw_bench.rs). The other
// single calls: getConsumers(key, 3), jumpHash(string key, 1000), MementoHash(1000).getBucket with
// 10 % of its buckets removed, KetamaRing (hashring mode, 1000 servers).getConsumer. Prints ns per
// call (per key for batches): the median and the best of several rounds (the best is the steadier
// figure on a busy machine).
//
// Needs @chash/core built (pnpm --filter @chash/core build) and the addon built
// (pnpm --filter @chash/native build); the raw Rust figure comes from
// `cargo run --release --example raw_bench --manifest-path crates/Cargo.toml -p chash_core -- --quick`.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { KEY_SET, paddedKeys, REPO, ROUNDS, measure as time } from './timing.mjs'

const repo = REPO
const CONSUMERS = 1000
const KEY_LEN = 22
const BATCH = 16_384
const PER_ROUND = 250_000 // keys per timed round; rounds start at different places in the key set

// By path: @chash/native cannot depend on @chash/core (core depends on it).
const core = await import(pathToFileURL(join(repo, 'packages', 'core', 'dist', 'index.js')).href)
const { ConsistentHashRing, KeyBatch, KetamaRing, MementoHash, jumpHash } = core

const keys = paddedKeys(KEY_LEN)
const longKeys = paddedKeys(100)
const batches = []
for (let start = 0; start < KEY_SET; start += BATCH) batches.push(keys.slice(start, start + BATCH))
const packed = batches.map((batch) => KeyBatch.from(batch))

function ring(backend) {
  const r = new ConsistentHashRing({ backend })
  for (let i = 0; i < CONSUMERS; i++) r.addConsumer(`node-${i}`, i)
  r.getConsumer('warm up') // applies the pending changes
  return r
}

/** Median and best ns per key of `run(offset)` over ROUNDS rounds of `perRound` keys, after a warm-up. */
function measure(perRound, run) {
  return time(ROUNDS, perRound, KEY_SET, run)
}

/** Median and best ns of `call(key)` over the key set (its result is kept from the optimiser). */
function single(call, set = keys) {
  return measure(PER_ROUND, (offset) => {
    let acc = 0
    const end = Math.min(offset + PER_ROUND, KEY_SET)
    for (let k = offset; k < end; k++) acc ^= call(set[k]) === undefined ? 0 : 1
    globalThis.sink = acc
  })
}

function memento(backend) {
  const m = new MementoHash(CONSUMERS, { backend })
  for (let b = 0; b < CONSUMERS / 10; b++) m.removeBucket(b * 7 + 3)
  return m
}

function ketama(backend) {
  const r = new KetamaRing({ backend, compat: 'hashring' })
  for (let i = 0; i < CONSUMERS; i++) r.addConsumer(`10.0.${i >> 8}.${i & 255}:11211`, i)
  r.getConsumer('warm up')
  return r
}

/** The single calls of one backend. */
function singlesOf(backend, r) {
  const m = memento(backend)
  const k = ketama(backend)
  results[`${backend} getConsumer`] = single((key) => r.getConsumer(key))
  results[`${backend} getConsumer 100 B`] = single((key) => r.getConsumer(key), longKeys)
  results[`${backend} getConsumers(key, 3)`] = single((key) => r.getConsumers(key, 3))
  results[`${backend} jumpHash(string)`] = single((key) => jumpHash(key, CONSUMERS, { backend }))
  results[`${backend} MementoHash.getBucket (10 % removed)`] = single((key) => m.getBucket(key))
  results[`${backend} KetamaRing.getConsumer`] = single((key) => k.getConsumer(key))
}

function many(r) {
  const perRound = 16 * BATCH
  return measure(perRound, (offset) => {
    const first = Math.floor(offset / BATCH)
    for (let b = 0; b < 16; b++) globalThis.sink = r.getConsumerMany(batches[(first + b) % batches.length])
  })
}

function slotsPacked(r) {
  const perRound = 16 * BATCH
  const out = new Int32Array(BATCH)
  return measure(perRound, (offset) => {
    const first = Math.floor(offset / BATCH)
    for (let b = 0; b < 16; b++) r.getSlotMany(packed[(first + b) % packed.length], out)
    globalThis.sink = out[0]
  })
}

/** Median and best ms to build a ring of CONSUMERS consumers and apply it (one lookup). */
function builds(backend) {
  const samples = []
  for (let round = 0; round < ROUNDS + 3; round++) {
    const start = process.hrtime.bigint()
    ring(backend)
    if (round >= 3) samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[samples.length >> 1], best: samples[0] }
}

const results = {}
const buildTimes = {}
const available = core.availableBackends()
if (available.includes('native')) {
  buildTimes['native: build a 1,000-consumer ring (ms)'] = builds('native')
  const r = ring('native')
  singlesOf('native', r)
  results['native getConsumerMany (16,384 keys, per key)'] = many(r)
  results['native getSlotMany(KeyBatch) (per key)'] = slotsPacked(r)
} else {
  console.error('the native backend is not available: build it with `pnpm --filter @chash/native build`')
  process.exitCode = 1
}
{
  const r = ring('js')
  singlesOf('js', r)
  results['js getConsumerMany (16,384 keys, per key)'] = many(r)
  results['js getSlotMany(KeyBatch) (per key)'] = slotsPacked(r)
}

if (!process.argv.includes('--no-raw')) {
  const raw = spawnSync(
    'cargo',
    ['run', '--quiet', '--release', '--manifest-path', join(repo, 'crates', 'Cargo.toml')].concat([
      '-p',
      'chash_core',
      '--example',
      'raw_bench',
      '--',
      '--quick',
    ]),
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  )
  if (raw.status === 0) {
    const rows = JSON.parse(raw.stdout).results
    const pick = (op) => rows.find((r) => r.op === op && r.consumers === CONSUMERS && r.key_len === KEY_LEN)
    const lookup = pick('lookup')
    const batch = pick('lookup_many')
    results['raw Rust lookup'] = { median: lookup.ns_per_op, best: lookup.min_ns_per_op }
    results['raw Rust lookup_many (per key)'] = { median: batch.ns_per_key, best: batch.min_ns_per_key }
  } else {
    console.error(`raw_bench failed:\n${raw.stderr}`)
  }
}

const fmt = (x) => (x === undefined ? '   -  ' : x.toFixed(1).padStart(6))
console.log(`N = ${CONSUMERS} consumers × 160 points, ${KEY_LEN}-byte keys, ${ROUNDS} rounds (ns per key)`)
console.log(`${'operation'.padEnd(48)} median   best`)
for (const [name, { median, best }] of Object.entries({ ...results, ...buildTimes }))
  console.log(`${name.padEnd(48)} ${fmt(median)} ${fmt(best)}`)
