// Builds and drops 1,000-consumer native rings in one synchronous loop (not part of tests), the
// way a benchmark.js cycle or a handler that rebuilds its ring does, and prints per 100 rings:
// ms per build, engines alive (finalizers have not run: Node runs them from the event loop),
// ring memory still held (released rings no longer count) and the process RSS.
//
//   node bench/native/build-loop.mjs [--rounds N]
//
// Needs @chash/core and the addon built (pnpm --filter @chash/core build, pnpm --filter @chash/native build).
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const coreDir = join(here, '..', '..', 'packages', 'core')
const args = process.argv.slice(2)
const ROUNDS = Number(args[args.indexOf('--rounds') + 1]) || 6
const PER_ROUND = 100

// By path: @chash/native cannot depend on @chash/core (core depends on it).
const { ConsistentHashRing } = await import(pathToFileURL(join(coreDir, 'dist', 'index.js')).href)
const native = createRequire(join(coreDir, 'package.json'))('@chash/native')
const ids = Array.from({ length: 1000 }, (_, c) => `node-${c}`)

let sink
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now()
  for (let r = 0; r < PER_ROUND; r++) {
    const ring = new ConsistentHashRing({ backend: 'native' })
    for (let c = 0; c < ids.length; c++) ring.addConsumer(ids[c], c)
    sink = ring.getConsumer('x') // applies the 160,000 points
  }
  const ms = (performance.now() - start) / PER_ROUND
  const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`
  console.log(
    `${(round + 1) * PER_ROUND} rings: ${ms.toFixed(2)} ms/build, ${native.liveEngines()} engines alive, ` +
      `ring memory ${mb(native.nativeMemory())}, RSS ${mb(process.memoryUsage.rss())}`,
  )
}
globalThis.sink = sink
