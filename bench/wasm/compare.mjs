// Two or more builds of the wasm module side by side (not part of tests): rounds of single
// lookups through the raw export (as the wasm backend makes them: key written into wasm memory,
// then `wasmketama_lookup` or `wasmring_lookup`), interleaved in one process so that every build
// sees the same machine load; CPU time per key (process.cpuUsage), best and median.
//
//   cp -r packages/wasm/pkg /tmp/old-pkg   # before a change
//   pnpm --filter @chash/core build && node bench/wasm/compare.mjs /tmp/old-pkg packages/wasm/pkg
//
// Each build: a ketama continuum (compat 'hashring', 1,000 servers `node-0` …, 40 vnodes: 160,000
// points) and a ring of 1,000 consumers × 160 points. Keys: the million 22-byte keys of
// bench/native/quick.mjs. Pass the same directory twice (copied) to see the noise.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compareBuilds } from '../native/timing.mjs'

const core = new URL('../../packages/core/dist/', import.meta.url)
const { WasmRuntime } = await import(new URL('backend/wasm/engine.js', core))
const keys = Array.from({ length: 1_000_000 }, (_, k) => String(k).padStart(22, '0'))
const encoder = new TextEncoder()

const builds = []
for (const [index, dir] of process.argv.slice(2).entries()) {
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
  }
  for (const op of Object.values(ops)) op('warm up')
  builds.push({ name: `${index + 1}: ${dir}`, ops })
}
compareBuilds(builds, keys)
