// The js backend's XXH3-64 and XXH64 of one key, per XXH3 length class: an ASCII string, a
// non-ASCII string of the same byte length (é first, or last), workloads that mix the ASCII keys
// with the last ones (XXH3 only), and the ASCII string's bytes
// already in a Uint8Array (the difference is what encoding the string costs); and a js ring's
// lookup and public getConsumer of 22-byte keys. ns per key, best round.
//
//   pnpm --filter @chash/core build && node bench/wasm/key-hash.mjs [--rounds N] [--repeat N] [--lengths N,N,...] [--core DIR ...]
//
// Each `--core` is a built packages/core/dist (default: this checkout's) measured in processes of
// its own, alternating run by run (harness.mjs), so that two builds compare in the same machine
// state. `--lengths` replaces the default key lengths (bytes).
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as run from './harness.mjs'

const COUNT = 20_000
const cores = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--core' ? [a] : []))
const at = process.argv.indexOf('--lengths')
const lengths = at > 0 ? process.argv[at + 1] : '0,2,6,12,22,100,200,1000'

if (run.only === undefined) {
  const dirs = cores.length > 0 ? cores : [fileURLToPath(run.core)]
  // Each child gets its build and the lengths in its `--only` (harness.mjs passes nothing else on).
  const only = (dir) => `${dir}|${lengths}`
  const rows = run.runEachBackend(import.meta.url, dirs.map(only))
  console.log(`ns per key, best of ${run.ROUNDS} rounds × ${run.REPEAT} runs; columns: ${dirs.join(' | ')}`)
  const table = {}
  for (const op of Object.keys(rows.get(only(dirs[0]))))
    table[op] = dirs.map((dir) => rows.get(only(dir))[op])
  console.table(table)
} else {
  const [dir, list] = run.only.split('|')
  const LENGTHS = list.split(',').map(Number)
  const core = pathToFileURL(`${dir}/`)
  const { jsBackend } = await import(new URL('backend/js/index.js', core))
  const { utf8 } = await import(new URL('keys.js', core))
  const { ConsistentHashRing } = await import(new URL('index.js', core))
  const out = new Uint32Array(2)
  const steps = {}
  for (const hash of ['xxh3', 'xxh64']) {
    const config = { hash, seedHi: 0, seedLo: 0 }
    for (const length of LENGTHS) {
      const ascii = keysOf(length, 'k')
      // "é" is two UTF-8 bytes: the same byte length, so the same length class.
      const other = ascii.map((key) => (length < 2 ? key : `é${key.slice(2)}`))
      // The same character last: the string path reads every chunk before it finds it.
      const otherLast = ascii.map((key) => (length < 2 ? key : `${key.slice(0, -2)}é`))
      const bytes = ascii.map(utf8)
      const step = (inputs) => (k) => {
        jsBackend.hash(config, inputs[k], out)
        return out[1]
      }
      steps[`${hash} ${length} B ascii`] = step(ascii)
      if (length >= 2) steps[`${hash} ${length} B non-ascii`] = step(other)
      if (length >= 2) steps[`${hash} ${length} B non-ascii last`] = step(otherLast)
      steps[`${hash} ${length} B bytes`] = step(bytes)
      // Workloads of both, which decide when a hasher reads units (string-budget.ts).
      if (hash === 'xxh3' && length >= 2) {
        steps[`${hash} ${length} B 1 in 2 non-ascii last`] = step(
          ascii.map((key, k) => (k % 2 ? otherLast[k] : key)),
        )
        steps[`${hash} ${length} B 1 in 16 non-ascii last`] = step(
          ascii.map((key, k) => (k % 16 ? key : otherLast[k])),
        )
      }
    }
  }
  const keys = keysOf(22, 'user:')
  const engine = jsBackend.createRing(run.CONFIG)
  const ring = new ConsistentHashRing({ backend: 'js', vnodes: run.VNODES })
  for (let slot = 0; slot < run.CONSUMERS; slot++) {
    engine.setConsumer(slot, utf8(`node-${slot}.example.com`), run.VNODES)
    ring.addConsumer(`node-${slot}.example.com`, slot)
  }
  steps['22 B engine.lookup'] = (k) => engine.lookup(keys[k])
  steps['22 B getConsumer'] = (k) => ring.getConsumer(keys[k])
  console.log(JSON.stringify(run.measure(steps, COUNT)))
}

/** COUNT distinct flat ASCII strings of `length` characters. */
function keysOf(length, prefix) {
  return Array.from({ length: COUNT }, (_, k) => {
    const s = `${prefix}${k.toString(36).padStart(4, '0')}`
    const key = length <= s.length ? s.slice(s.length - length) : s.padEnd(length, 'abcdefghij')
    key.charCodeAt(0) // flattens a rope
    return key
  })
}
