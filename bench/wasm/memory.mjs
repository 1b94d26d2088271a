// WebAssembly memory of two workloads on @chash/core's wasm backend (not part of tests):
//
// - loop: build and drop rings of 100 consumers (--consumers) in one synchronous loop (no dispose, no yield:
//   FinalizationRegistry callbacks cannot run), printing the wasm memory every 1,000 rings;
// - key / string-key: one lookup of a 64 MiB key (a Uint8Array / an ASCII string) on a ring of 10
//   consumers.
//
//   node --expose-gc bench/wasm/memory.mjs [loop|key|string-key] [--rings N] [--consumers N]
//
// Each workload runs in a process of its own (wasm memory never shrinks). Needs @chash/core
// built (pnpm --filter @chash/core build) and @chash/wasm built.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const coreDir = join(here, '..', '..', 'core')
const args = process.argv.slice(2)
const workload = ['key', 'string-key'].includes(args[0]) ? args[0] : 'loop'
const RINGS = Number(args[args.indexOf('--rings') + 1]) || 10_000
const CONSUMERS = Number(args[args.indexOf('--consumers') + 1]) || 100

// By path: @chash/wasm cannot depend on @chash/core (core depends on it).
const { ConsistentHashRing } = await import(pathToFileURL(join(coreDir, 'dist', 'index.js')).href)
const glue = createRequire(join(coreDir, 'package.json'))('@chash/wasm')
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
// initSync returns the instance that core initialised (it ignores its argument then).
const wasmBytes = () => glue.initSync({ module: new Uint8Array(0) }).memory.buffer.byteLength

const ids = Array.from({ length: Math.max(CONSUMERS, 10) }, (_, c) => `node-${c}`)
new ConsistentHashRing({ backend: 'wasm' }).addConsumer('warm-up', 0).getConsumer('x')
console.log(`start: wasm memory ${mib(wasmBytes())}`)
let sink
if (workload === 'loop') {
  const start = performance.now()
  for (let r = 1; r <= RINGS; r++) {
    const ring = new ConsistentHashRing({ backend: 'wasm' })
    for (let c = 0; c < CONSUMERS; c++) ring.addConsumer(ids[c], c)
    sink = ring.getConsumer('x') // builds the points (160 a consumer)
    if (r % 1000 === 0)
      console.log(
        `${r} rings: wasm memory ${mib(wasmBytes())}, ${((performance.now() - start) / r).toFixed(3)} ms/ring, ` +
          `RSS ${mib(process.memoryUsage.rss())}`,
      )
  }
} else {
  const ring = new ConsistentHashRing({ backend: 'wasm' })
  for (let c = 0; c < 10; c++) ring.addConsumer(ids[c], c)
  const bytes = workload === 'key'
  sink = ring.getConsumer(bytes ? new Uint8Array(64 * 2 ** 20).fill(97) : 'a'.repeat(64 * 2 ** 20))
  console.log(`after one 64 MiB key (${bytes ? 'Uint8Array' : 'string'}): wasm memory ${mib(wasmBytes())}`)
}
globalThis.sink = sink
