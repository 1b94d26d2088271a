// Where the time of one getConsumer goes on the wasm and js backends: each step of the path timed
// alone, in ns per key, on a ring of 1,000 consumers × 160 points with 100,000 distinct 22-byte
// keys (the keys of quick.mjs; `--key-length N` for N-byte ones); a step's cost is the difference
// between two cumulative figures. For js also two floors apart: reading the key's code units
// (what any string hash must do) and the search alone, from hashes computed beforehand.
// Also the public key hashes (bigint, into a Uint32Array, hex) on every backend, the public
// getConsumer on a ring of 10 consumers (held in the caches) against 1,000, and the npm peer
// consistent-hash, the fastest one, split the same way (its string hash, then its search).
//
//   pnpm --filter @chash/core build && node bench/wasm/steps.mjs [--rounds N] [--repeat N] [--key-length N]
//
// Like quick.mjs, each backend runs in a process of its own, the operations take turns round by
// round, each figure is the best round, and `--repeat` runs alternate the backends and keep each
// figure's best.
import * as run from './harness.mjs'

const { CONFIG, CONSUMERS, core, KEY_LENGTH, KEYS, makeKeys, only, VNODES } = run

if (only === undefined) {
  const rows = run.runEachBackend(import.meta.url, ['native', 'wasm', 'js', 'consistent-hash'])
  console.log(
    `ring: ${CONSUMERS} consumers × ${VNODES} points, ${KEYS} distinct ${KEY_LENGTH}-byte keys; ns per key, ` +
      `cumulative, best of ${run.ROUNDS} rounds × ${run.REPEAT} runs`,
  )
  console.table([...rows.values()])
} else {
  const steps = { native: nativeSteps, wasm: wasmSteps, js: jsSteps, 'consistent-hash': peerSteps }[only]
  let row
  try {
    const hashes = only === 'consistent-hash' ? {} : await hashSteps(only)
    row = { backend: only, ...run.measure({ ...(await steps()), ...hashes }) }
  } catch (error) {
    row = { unavailable: error.message }
  }
  console.log(JSON.stringify(row))
}

/** A public ring of the backend with `consumers` consumers, warmed up. */
async function publicRing(backend, consumers = CONSUMERS) {
  const { ConsistentHashRing } = await import(new URL('index.js', core))
  const ring = new ConsistentHashRing({ backend, vnodes: VNODES })
  for (let c = 0; c < consumers; c++) ring.addConsumer(`node-${c}.example.com`, c)
  ring.getConsumer('warm-up')
  return ring
}

/** The public getConsumer on 10 consumers (its points stay in the caches) and on 1,000; getSlot. */
async function publicSteps(backend, keys) {
  const small = await publicRing(backend, 10)
  const ring = await publicRing(backend)
  return {
    'getConsumer, 10 consumers': (k) => (small.getConsumer(keys[k]) === undefined ? 1 : 0),
    // The same without the payload: the argument check and the engine's lookup.
    getSlot: (k) => ring.getSlot(keys[k]),
    getConsumer: (k) => (ring.getConsumer(keys[k]) === undefined ? 1 : 0),
  }
}

async function nativeSteps() {
  return publicSteps('native', makeKeys())
}

/**
 * consistent-hash as the full benchmark builds it (bench/src/contenders.ts: 160 points a node,
 * range 1,000,003): its 24-bit PJW hash of the string alone (`_hash`), then hash and search
 * (`_locate`), then `get` (which also maps the point to its node through an object).
 */
async function peerSteps() {
  const { consistentHash } = await import('../dist/contenders.js')
  const keys = makeKeys()
  const ring = consistentHash(CONSUMERS)
  const small = consistentHash(10)
  ring.get('warm-up')
  small.get('warm-up')
  return {
    'hash (PJW, _hash)': (k) => ring._hash(keys[k]),
    '+ search (_locate)': (k) => ring._locate(keys[k]),
    'get, 10 nodes': (k) => (small.get(keys[k]) === undefined ? 1 : 0),
    get: (k) => (ring.get(keys[k]) === undefined ? 1 : 0),
  }
}

/** The public key hashes of `backend`: a bigint, halves into a reused array, hex. */
async function hashSteps(backend) {
  const { xxh3, xxh3Into, xxh3Hex } = await import(new URL('index.js', core))
  const keys = makeKeys()
  const options = { backend }
  const out = new Uint32Array(2)
  xxh3('probe', 0n, options) // throws here if the backend is not available
  return {
    'xxh3 (bigint)': (k) => (xxh3(keys[k], 0n, options) === 0n ? 1 : 0),
    xxh3Into: (k) => xxh3Into(keys[k], out, 0n, options)[1],
    xxh3Hex: (k) => xxh3Hex(keys[k], 0n, options).length,
  }
}

async function wasmSteps() {
  const { normalizeKey, utf8 } = await import(new URL('keys.js', core))
  const { glue, exports, rt } = await run.loadWasm()
  const wasmRing = new glue.WasmRing(0, 0, 0)
  for (let slot = 0; slot < CONSUMERS; slot++)
    wasmRing.setConsumer(slot, utf8(`node-${slot}.example.com`), VNODES)
  wasmRing.pointCount()
  const keys = makeKeys()
  const scratch = rt.scratch
  return {
    'empty crossing (jump)': () => glue.jump(0, 1, 1),
    'argument check': (k) => (normalizeKey(keys[k]) === '' ? 1 : 0),
    'encode (writeKey)': (k) => rt.writeKey(keys[k]),
    '+ hash (hash64)': (k) => {
      scratch.hash64(0, 0, 0, rt.writeKey(keys[k]))
      return 0
    },
    '+ search (WasmRing.lookup glue)': (k) => wasmRing.lookup(scratch, rt.writeKey(keys[k])),
    '+ search (raw export)': (k) =>
      exports.wasmring_lookup(wasmRing.__wbg_ptr, rt.scratchAt, rt.writeKey(keys[k])),
    // One key already written, so that the search hits the caches: what the crossing itself costs.
    'one cached key, glue': () => wasmRing.lookup(scratch, KEY_LENGTH),
    'one cached key, raw': () => exports.wasmring_lookup(wasmRing.__wbg_ptr, rt.scratchAt, KEY_LENGTH),
    ...(await publicSteps('wasm', keys)),
  }
}

async function jsSteps() {
  const { normalizeKey, KeyScratch, utf8 } = await import(new URL('keys.js', core))
  const { createHasher, jsBackend } = await import(new URL('backend/js/index.js', core))
  const { hashKey } = await import(new URL('backend/js/hasher.js', core))
  const keys = makeKeys()
  const scratch = new KeyScratch()
  const hasher = createHasher(CONFIG)
  const out = new Uint32Array(2)
  const engine = jsBackend.createRing(CONFIG)
  for (let slot = 0; slot < CONSUMERS; slot++)
    engine.setConsumer(slot, utf8(`node-${slot}.example.com`), VNODES)
  engine.lookup('warm-up')
  // Each key's hash as the engine computes it, for the search alone (the engine's searchSlot,
  // private in TypeScript only).
  const hashes = new Uint32Array(2 * keys.length)
  for (let k = 0; k < keys.length; k++) {
    hashKey(hasher, keys[k], out)
    hashes[2 * k] = out[0]
    hashes[2 * k + 1] = out[1]
  }
  return {
    'argument check': (k) => (normalizeKey(keys[k]) === '' ? 1 : 0),
    // What any hash of a string key must do at least: read each code unit once.
    'read the code units': (k) => {
      const key = keys[k]
      let sum = 0
      for (let i = 0; i < key.length; i++) sum = (sum + key.charCodeAt(i)) | 0
      return sum
    },
    'search alone (hash computed beforehand)': (k) => engine.searchSlot(hashes[2 * k], hashes[2 * k + 1]),
    'encode (KeyScratch)': (k) => scratch.encode(keys[k]),
    '+ hash (XXH3)': (k) => {
      hasher.hash(scratch.bytes, scratch.encode(keys[k]), out)
      return out[1]
    },
    // What the engine does instead of the two steps above for an ASCII key of 17-95 units.
    'XXH3 from the code units (hashString)': (k) => {
      hasher.hashString(keys[k], out)
      return out[1]
    },
    '+ search (engine.lookup)': (k) => engine.lookup(keys[k]),
    ...(await publicSteps('js', keys)),
  }
}
