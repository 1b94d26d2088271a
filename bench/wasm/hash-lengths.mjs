// XXH3 inside the wasm module, by input length: the raw `jumpKey` export (XXH3-64 with seed 0 of
// the key region, then jump hash into 1 or 2 buckets) on a key already written to wasm memory, so
// that no string is encoded; `empty crossing` is a call that does nothing. ns per call, best round.
//
//   pnpm --filter @chash/wasm build && node bench/wasm/hash-lengths.mjs [--rounds N] [--repeat N] [--wasm DIR ...]
//
// Each `--wasm` is a folder holding a wasm-pack output (chash_wasm.js and chash_wasm_bg.wasm, e.g.
// a copy of packages/wasm/pkg from an older build; default: the build @chash/core resolves),
// measured in processes of its own, alternating run by run (harness.mjs).
import * as run from './harness.mjs'

const LENGTHS = [0, 8, 16, 22, 64, 100, 128, 200, 240, 1000]
const CALLS = 100_000
const builds = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--wasm' ? [a] : []))

if (run.only === undefined) {
  const names = builds.length > 0 ? builds : ['default']
  const rows = run.runEachBackend(import.meta.url, names)
  console.log(`ns per call, best of ${run.ROUNDS} rounds × ${run.REPEAT} runs; columns: ${names.join(' | ')}`)
  const table = {}
  for (const op of Object.keys(rows.get(names[0]))) table[op] = names.map((name) => rows.get(name)[op])
  console.table(table)
} else {
  const { glue, exports, rt } = await run.loadWasm(run.only === 'default' ? undefined : run.only)
  const key = 'k'.repeat(Math.max(...LENGTHS))
  if (rt.writeKey(key) !== key.length) throw new Error('the key was not written whole')
  const jumpKey = exports.scratch_jumpKey
  const at = rt.scratchAt
  const steps = { 'empty crossing': () => glue.jump(0, 1, 1) }
  for (const length of LENGTHS) steps[`XXH3 of ${length} B + jump`] = (k) => jumpKey(at, length, 1 + (k & 1))
  console.log(JSON.stringify(run.measure(steps, CALLS)))
}
