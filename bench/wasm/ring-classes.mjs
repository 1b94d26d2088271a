// Single getConsumer calls of ConsistentHashRing on each backend, with only a ConsistentHashRing
// used in the process ("alone") or after a ConsistentHashRing, a KetamaRing and a MementoRing have
// all placed keys ("mixed", so every call site shared by the ring classes has seen every engine
// class). ns per call, best round (100,000 distinct 22-byte keys a round).
//
//   pnpm --filter @chash/core build && node bench/wasm/ring-classes.mjs [--rounds N] [--repeat N] [--consumers N] --core DIR --core DIR ...
//
// Each `--core` is a built packages/core/dist; every backend × alone/mixed runs in a process of
// its own (harness.mjs), in which the builds' rings are timed in turn round by round, so that
// they compare in the same machine state (each build's modules, and so their call sites, are
// their own).
import { pathToFileURL } from 'node:url'
import * as run from './harness.mjs'

const BACKENDS = ['js', 'wasm', 'native']
const MODES = ['alone', 'mixed']
const at = process.argv.indexOf('--consumers')
const CONSUMERS = at > 0 ? Number(process.argv[at + 1]) : run.CONSUMERS
const cores = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--core' ? [a] : []))

if (run.only === undefined) {
  // The child learns its backend, mode, ring size and builds from its name.
  const names = BACKENDS.flatMap((b) => MODES.map((mode) => [b, mode, CONSUMERS, ...cores].join('|')))
  const rows = run.runEachBackend(import.meta.url, names)
  console.log(`ns per call, ${CONSUMERS} consumers, best of ${run.ROUNDS} rounds × ${run.REPEAT} runs`)
  const table = {}
  for (const [name, row] of rows) table[name.split('|').slice(0, 2).join(' ')] = row
  console.table(table)
} else {
  const [backend, mode, consumers, ...dirs] = run.only.split('|')
  const keys = run.makeKeys()
  const steps = {}
  for (const dir of dirs) {
    const core = await import(new URL('index.js', pathToFileURL(`${dir}/`)))
    await core.init?.()
    if (!core.availableBackends().includes(backend)) {
      console.log(JSON.stringify({ unavailable: `${backend} did not load` }))
      process.exit(0)
    }
    const ring = filled(new core.ConsistentHashRing({ backend, vnodes: run.VNODES }), consumers)
    if (mode === 'mixed')
      for (const r of [
        ring,
        filled(new core.KetamaRing({ backend }), consumers),
        filled(new core.MementoRing({ backend }), consumers),
      ]) {
        for (let k = 0; k < 20_000; k++) {
          r.getConsumer(keys[k])
          r.getConsumerId(keys[k])
          r.getSlot(keys[k])
          r.getConsumers(keys[k], 3)
        }
        r.getSlotMany(keys)
      }
    steps[dir] = (k) => ring.getConsumer(keys[k])
  }
  console.log(JSON.stringify(run.measure(steps)))
}

/** `ring` with `consumers` consumers. */
function filled(ring, consumers) {
  for (let slot = 0; slot < Number(consumers); slot++) ring.addConsumer(`node-${slot}.example.com`, slot)
  return ring
}
