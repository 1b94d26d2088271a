// Two or more builds of the wasm module side by side (not part of tests): rounds of single
// lookups through the raw export (as the wasm backend makes them: key written into wasm memory,
// then `wasmketama_lookup` or `wasmring_lookup`) and `scratch_jumpKey` (the key's XXH3, then a
// jump into 1,000 buckets), interleaved in one process so that every build
// sees the same machine load; CPU time per key (process.cpuUsage), best and median.
//
//   cp -r packages/wasm/pkg /tmp/old-pkg   # before a change
//   pnpm --filter @chash/core build && node bench/wasm/compare.mjs /tmp/old-pkg packages/wasm/pkg
//
// Each build: a ketama continuum (compat 'hashring', 1,000 servers `node-0` …, 40 vnodes: 160,000
// points) and a ring of 1,000 consumers × 160 points. Keys: the million 22-byte keys of
// bench/native/quick.mjs, or with `--length N` the same keys padded to N bytes. Pass the same
// directory twice (copied) to see the noise. With `--one-key`, only `scratch_jumpKey` of one key
// written into wasm memory once, into 1 or 2 buckets (one step of jump): the key hash and the
// call, per key length, best of 15 interleaved rounds.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compareBuilds, paddedKeys } from '../native/timing.mjs'

const core = new URL('../../packages/core/dist/', import.meta.url)
const { WasmRuntime } = await import(new URL('backend/wasm/engine.js', core))
const args = process.argv.slice(2)
const at = args.indexOf('--length')
const length = at >= 0 ? Number(args.splice(at, 2)[1]) : 22
const oneKey = args.includes('--one-key')
if (oneKey) args.splice(args.indexOf('--one-key'), 1)
const keys = paddedKeys(length)
const encoder = new TextEncoder()

const builds = []
for (const [index, dir] of args.entries()) {
  const glue = await import(pathToFileURL(resolve(dir, 'chash_wasm.js')).href)
  const exports = glue.initSync({ module: readFileSync(resolve(dir, 'chash_wasm_bg.wasm')) })
  const rt = new WasmRuntime(glue, exports)
  const ketama = new glue.WasmKetama(0, 40, 0)
  const ring = new glue.WasmRing(0, 0, 0)
  for (let i = 0; i < 1000; i++) {
    ketama.setServer(i, encoder.encode(`node-${i}`), 1)
    ring.setConsumer(i, encoder.encode(`node-${i}`), 160)
  }
  const ops = {
    ketama: (key) => exports.wasmketama_lookup(ketama.__wbg_ptr, rt.scratchAt, rt.writeKey(key)),
    ring: (key) => exports.wasmring_lookup(ring.__wbg_ptr, rt.scratchAt, rt.writeKey(key)),
    // XXH3 of the key (seed 0) and a jump into 1,000 buckets: mostly the key hash.
    jumpKey: (key) => exports.scratch_jumpKey(rt.scratchAt, rt.writeKey(key), 1000),
  }
  for (const op of Object.values(ops)) op('warm up')
  builds.push({ name: `${index + 1}: ${dir}`, ops, rt, exports })
}
if (oneKey) {
  for (const len of [12, 22, 40, 100, 200]) {
    const key = 'x'.repeat(len)
    const best = builds.map(() => Number.POSITIVE_INFINITY)
    for (let round = 0; round < 15; round++) {
      builds.forEach(({ rt, exports }, i) => {
        const n = rt.writeKey(key)
        const start = process.hrtime.bigint()
        for (let k = 0; k < 200_000; k++) exports.scratch_jumpKey(rt.scratchAt, n, 1 + (k & 1))
        best[i] = Math.min(best[i], Number(process.hrtime.bigint() - start) / 200_000)
      })
    }
    console.log(`${len} B: ${best.map((ns) => ns.toFixed(1)).join(' | ')} ns`)
  }
} else {
  compareBuilds(builds, keys)
}
