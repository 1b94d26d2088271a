// Where the time of one KetamaRing getConsumer goes on each backend: each step of the path timed
// alone, in ns per key, on continuums in compat 'hashring' (40 vnodes, 160 points a server) with
// 100,000 distinct 22-byte keys (the keys of quick.mjs); a step's cost is the difference between
// two cumulative figures. The 10-server continuum (1,600 points, 13 kB) stays in the CPU cache;
// the 1,000-server one (160,000 points) does not.
//
//   pnpm --filter @chash/core build && node bench/wasm/ketama-steps.mjs [--rounds N] [--repeat N]
//
// Like steps.mjs, each backend runs in a process of its own, the operations take turns round by
// round, each figure is the best round, and `--repeat` runs alternate the backends.
// md5 and the search without any binding: raw_bench's `ketama_hash` and `ketama_lookup`
// (cargo run --release --manifest-path crates/Cargo.toml -p chash_core --example raw_bench).
import * as run from './harness.mjs'

const { core, KEYS, makeKeys, only } = run
const encoder = new TextEncoder()

if (only === undefined) {
  const rows = run.runEachBackend(import.meta.url, ['native', 'wasm', 'js'])
  console.log(
    `KetamaRing (compat 'hashring'), ${KEYS} distinct ${run.KEY_LENGTH}-byte keys; ns per key, cumulative, ` +
      `best of ${run.ROUNDS} rounds × ${run.REPEAT} runs`,
  )
  for (const { backend, ...steps } of rows.values()) {
    console.log(backend)
    console.table(Object.entries(steps).map(([step, ns]) => ({ step, ns })))
  }
} else {
  const steps = { native: nativeSteps, wasm: wasmSteps, js: jsSteps }[only]
  let row
  try {
    row = { backend: only, ...run.measure(await steps()) }
  } catch (error) {
    row = { unavailable: error.message }
  }
  console.log(JSON.stringify(row))
}

/** A public KetamaRing of `servers` servers on the backend, built. */
async function publicRing(backend, servers) {
  const { KetamaRing } = await import(new URL('index.js', core))
  const ring = new KetamaRing({ backend, compat: 'hashring' })
  for (let s = 0; s < servers; s++) ring.addConsumer(`node-${s}`, s)
  ring.getConsumer('warm-up')
  return ring
}

/** An engine of the backend (`createKetama` of the seam) with `servers` servers, built. */
function engineOf(backend, servers) {
  const engine = backend.createKetama({ compat: 'hashring', vnodes: 40, defaultPort: 0 })
  for (let s = 0; s < servers; s++) engine.setServer(s, encoder.encode(`node-${s}`), 1)
  engine.lookup('warm-up')
  return engine
}

async function nativeSteps() {
  const { loadNativeBackend } = await import(new URL('backend/native/index.js', core))
  const backend = loadNativeBackend()
  const keys = makeKeys()
  const byteKeys = keys.map((key) => encoder.encode(key))
  const small = engineOf(backend, 10)
  const big = engineOf(backend, 1000)
  const ring = await publicRing('native', 1000)
  return {
    'crossing: pointCount()': () => small.pointCount(),
    '+ bytes key, md5, search (10 servers)': (k) => small.lookup(byteKeys[k]),
    '+ string key read and encoded (10 servers)': (k) => small.lookup(keys[k]),
    '+ 1,000 servers (cache misses)': (k) => big.lookup(keys[k]),
    'getConsumer (check, payload)': (k) => (ring.getConsumer(keys[k]) === undefined ? 0 : 1),
  }
}

async function wasmSteps() {
  const { glue, exports, rt } = await run.loadWasm()
  const continuum = (servers) => {
    const ketama = new glue.WasmKetama(0, 40, 0)
    for (let s = 0; s < servers; s++) ketama.setServer(s, encoder.encode(`node-${s}`), 1)
    ketama.pointCount()
    return ketama.__wbg_ptr
  }
  const small = continuum(10)
  const big = continuum(1000)
  const keys = makeKeys()
  const ring = await publicRing('wasm', 1000)
  const lookup = exports.wasmketama_lookup
  return {
    'empty crossing (jump)': () => glue.jump(0, 1, 1),
    'encode (writeKey)': (k) => rt.writeKey(keys[k]),
    '+ md5, search, raw export (10 servers)': (k) => lookup(small, rt.scratchAt, rt.writeKey(keys[k])),
    '+ 1,000 servers (cache misses)': (k) => lookup(big, rt.scratchAt, rt.writeKey(keys[k])),
    'getConsumer (check, payload)': (k) => (ring.getConsumer(keys[k]) === undefined ? 0 : 1),
  }
}

async function jsSteps() {
  const { jsBackend } = await import(new URL('backend/js/index.js', core))
  const { KeyScratch } = await import(new URL('keys.js', core))
  const { md5Words } = await import(new URL('hash/md5.js', core))
  const keys = makeKeys()
  const scratch = new KeyScratch()
  const digest = new Uint32Array(4)
  const small = engineOf(jsBackend, 10)
  const big = engineOf(jsBackend, 1000)
  const ring = await publicRing('js', 1000)
  return {
    'encode (KeyScratch)': (k) => scratch.encode(keys[k]),
    '+ md5': (k) => {
      md5Words(scratch.bytes, scratch.encode(keys[k]), digest)
      return digest[0]
    },
    '+ search (10 servers)': (k) => small.lookup(keys[k]),
    '+ 1,000 servers (cache misses)': (k) => big.lookup(keys[k]),
    'getConsumer (check, payload)': (k) => (ring.getConsumer(keys[k]) === undefined ? 0 : 1),
  }
}
