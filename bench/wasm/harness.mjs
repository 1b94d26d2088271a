// What quick.mjs, steps.mjs, ketama-steps.mjs, key-hash.mjs, jump.mjs, ring-classes.mjs, string-copy.mjs and hash-lengths.mjs share: their flags, the ring and keys they measure, loading @chash/wasm, and running
// each backend in a process of its own (so that no call site has seen another backend's classes).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const core = new URL('../../packages/core/dist/', import.meta.url)
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : fallback
}
export const ROUNDS = Number(arg('--rounds', '15'))
export const REPEAT = Number(arg('--repeat', '3'))
/** The backend this process measures, or undefined in the parent. */
export const only = arg('--only', undefined)
export const CONSUMERS = 1000
export const VNODES = 160
export const KEYS = 100_000
/** The length of {@link makeKeys}' keys (`--key-length`, 22 by default: the issue's headline). */
export const KEY_LENGTH = Number(arg('--key-length', '22'))
// `user:` and the 9 digits of the largest key number.
if (!Number.isInteger(KEY_LENGTH) || KEY_LENGTH < 14)
  throw new RangeError(`--key-length must be an integer of at least 14, got ${arg('--key-length')}`)
export const CONFIG = { hash: 'xxh3', seedHi: 0, seedLo: 0 }

/**
 * {@link KEY_LENGTH}-byte ASCII keys, all distinct, flattened (a template literal makes a rope
 * until first read).
 */
export function makeKeys() {
  const keys = Array.from(
    { length: KEYS },
    (_, k) => `user:${String(k * 7919).padStart(KEY_LENGTH - 5, '0')}`,
  )
  for (const key of keys)
    if (key.length !== KEY_LENGTH || key.charCodeAt(0) !== 117) throw new Error(`bad key ${key}`)
  return keys
}

/**
 * Runs `script --only NAME` for each backend, `REPEAT` times alternating them (one run can be
 * disturbed on a shared machine), and keeps each figure's best. Each child prints one JSON row,
 * or `{ unavailable }`, said once. Returns the rows by backend.
 */
export function runEachBackend(script, backends) {
  const rows = new Map()
  for (let repeat = 0; repeat < REPEAT; repeat++) {
    for (const name of backends) {
      const child = spawnSync(
        process.execPath,
        [
          fileURLToPath(script),
          '--only',
          name,
          '--rounds',
          String(ROUNDS),
          '--key-length',
          String(KEY_LENGTH),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      )
      if (child.status !== 0) throw new Error(`the ${name} run failed`)
      const row = JSON.parse(child.stdout)
      if (row.unavailable) {
        if (repeat === 0) console.log(`(${name} backend not available: ${row.unavailable})`)
        continue
      }
      const best = rows.get(name) ?? row
      for (const [op, ns] of Object.entries(row))
        if (typeof ns === 'number') best[op] = Math.min(best[op], ns)
      rows.set(name, best)
    }
  }
  return rows
}

/** Each step's loop over keys 0 .. count, ROUNDS times in turn; returns the best ns per key of each, to 0.1. */
export function measure(steps, count = KEYS) {
  const best = {}
  let sink = 0
  for (let round = 0; round < ROUNDS; round++) {
    for (const [op, step] of Object.entries(steps)) {
      const start = performance.now()
      for (let k = 0; k < count; k++) sink ^= step(k)
      const ns = ((performance.now() - start) * 1e6) / count
      best[op] = Math.min(best[op] ?? Number.POSITIVE_INFINITY, ns)
    }
  }
  if (sink === 0.5) console.error(sink) // keeps the results alive
  const row = {}
  for (const [op, ns] of Object.entries(best)) row[op] = Number(ns.toFixed(1))
  return row
}

/**
 * @chash/wasm as @chash/core resolves it (or the wasm-pack output in the folder `pkg`, e.g. a
 * copy of an older build), instantiated here: its glue, the instance's exports and a WasmRuntime
 * of @chash/core over them (to write keys into wasm memory as the backend does).
 */
export async function loadWasm(pkg) {
  const { WasmRuntime } = await import(new URL('backend/wasm/engine.js', core))
  const require = createRequire(new URL('package.json', core))
  const glue = await import(
    pkg === undefined ? require.resolve('@chash/wasm') : pathToFileURL(`${pkg}/chash_wasm.js`).href
  )
  const wasmFile = pkg === undefined ? glue.wasmUrl : `${pkg}/chash_wasm_bg.wasm`
  const exports = glue.initSync({ module: readFileSync(wasmFile) })
  return { glue, exports, rt: new WasmRuntime(glue, exports) }
}
