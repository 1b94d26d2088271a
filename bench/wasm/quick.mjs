// A quick benchmark of the wasm backend against the native and js ones: ns per single lookup and
// per key in batch lookups, on a ring of 1,000 consumers × 160 points with 22-byte keys
// (`--key-length N` for N-byte ones).
//
//   pnpm --filter @chash/core build && pnpm --filter @chash/bench bench:wasm [--rounds N] [--repeat N] [--key-length N]
//
// It measures at the engine seam of @chash/core's build (packages/core/dist), which is where the
// backends differ, and through the public ConsistentHashRing when that build can select the
// backend by name. Each backend runs in a process of its own (so that no call site it uses has
// seen another backend's classes); within it the operations take turns round by round, and each
// figure is the best round, over 100,000 distinct keys.
import { performance } from 'node:perf_hooks'
import {
  CONFIG,
  CONSUMERS,
  core,
  KEY_LENGTH,
  KEYS,
  makeKeys,
  only,
  REPEAT,
  ROUNDS,
  runEachBackend,
  VNODES,
} from './harness.mjs'

const BACKENDS = ['native', 'wasm', 'js']

if (only === undefined) {
  const rows = runEachBackend(import.meta.url, BACKENDS)
  console.log(
    `ring: ${CONSUMERS} consumers × ${VNODES} points, ${KEYS} distinct ${KEY_LENGTH}-byte keys; ns per key, ` +
      `best of ${ROUNDS} rounds × ${REPEAT} runs`,
  )
  console.table([...rows.values()])
  const native = rows.get('native')
  const wasm = rows.get('wasm')
  if (native !== undefined && wasm !== undefined) {
    const ratio = (key) =>
      native[key] === undefined || wasm[key] === undefined
        ? 'n/a'
        : `${(wasm[key] / native[key]).toFixed(2)}x`
    console.log(
      `wasm / native: lookup ${ratio('lookup')}, getConsumer ${ratio('getConsumer')}, ` +
        `batch 10k ${ratio('batch 10k')}, getConsumerMany 10k ${ratio('getConsumerMany 10k')}`,
    )
  }
} else {
  console.log(JSON.stringify(await measureBackend(only)))
}

/** ns per key of each operation on one backend (a row of the table). */
async function measureBackend(name) {
  const { jsBackend } = await import(new URL('backend/js/index.js', core))
  const { utf8 } = await import(new URL('keys.js', core))
  const { ConsistentHashRing } = await import(new URL('index.js', core))
  let backend
  try {
    if (name === 'js') backend = jsBackend
    else if (name === 'wasm')
      backend = (await import(new URL('backend/wasm/index.js', core))).loadWasmBackend()
    else backend = (await import(new URL('backend/native/index.js', core))).loadNativeBackend()
  } catch (error) {
    return { unavailable: error.message }
  }

  const keys = makeKeys()
  const batches = (size) => {
    const list = []
    for (let k = 0; k + size <= KEYS; k += size) list.push(keys.slice(k, k + size))
    return list
  }
  const batch100 = batches(100)
  const batch10k = batches(10_000)

  const engine = backend.createRing(CONFIG)
  for (let slot = 0; slot < CONSUMERS; slot++)
    engine.setConsumer(slot, utf8(`node-${slot}.example.com`), VNODES)
  engine.lookup('warm-up') // applies the pending consumers
  const replicaOut = new Uint32Array(3)
  const out = new Int32Array(10_000)
  const sink = { value: 0 }

  const ops = {
    lookup: () => {
      let x = 0
      for (let k = 0; k < KEYS; k++) x ^= engine.lookup(keys[k])
      sink.value ^= x
    },
    'replicas 3': () => {
      let x = 0
      for (let k = 0; k < KEYS; k++) x ^= engine.replicas(keys[k], 3, replicaOut)
      sink.value ^= x
    },
    'batch 100': () => {
      for (const batch of batch100) engine.lookupMany(batch, out)
      sink.value ^= out[0]
    },
    'batch 10k': () => {
      for (const batch of batch10k) engine.lookupMany(batch, out)
      sink.value ^= out[0]
    },
  }
  try {
    const ring = new ConsistentHashRing({ backend: name, vnodes: VNODES })
    for (let c = 0; c < CONSUMERS; c++) ring.addConsumer(`node-${c}.example.com`, c)
    ring.getConsumer('warm-up')
    ops.getConsumer = () => {
      let x = 0
      for (let k = 0; k < KEYS; k++) x ^= ring.getConsumer(keys[k])
      sink.value ^= x
    }
    ops['getConsumerMany 10k'] = () => {
      for (const batch of batch10k) sink.value ^= ring.getConsumerMany(batch).length
    }
  } catch {
    // This build of @chash/core cannot select the backend by name yet.
  }

  const best = {}
  for (let round = 0; round < ROUNDS; round++) {
    for (const [op, run] of Object.entries(ops)) {
      const start = performance.now()
      run()
      const ns = ((performance.now() - start) * 1e6) / KEYS
      best[op] = Math.min(best[op] ?? Number.POSITIVE_INFINITY, ns)
    }
  }
  const row = { backend: name }
  for (const [op, ns] of Object.entries(best)) row[op] = Number(ns.toFixed(1))
  if (sink.value === 0.5) console.error(sink) // keeps the results alive
  return row
}
