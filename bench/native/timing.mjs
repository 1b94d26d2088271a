// What the native benchmark scripts share: the repository, the --rounds flag, the key set and the
// timing loop.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const args = process.argv.slice(2)
/** Timed rounds (`--rounds N`, default 7). */
export const ROUNDS = Number(args[args.indexOf('--rounds') + 1]) || 7
/** Keys k in 0 … KEY_SET − 1, each the decimal k left-padded with '0' (raw_bench's rule). */
export const KEY_SET = 1_000_000

/**
 * Keys 0 … count − 1 of `length` characters by raw_bench's rule, flattened: padStart makes a rope
 * that the first read flattens, and left to a timed loop that made whole processes up to 1.8×
 * slower (bench/src/keys.ts, which the full benchmark uses, says more).
 */
export function paddedKeys(length = 22, count = KEY_SET) {
  const keys = Array.from({ length: count }, (_, k) => String(k).padStart(length, '0'))
  for (const key of keys) key.charCodeAt(0)
  return keys
}

/**
 * Median and best ns per unit of `run(offset)` over `rounds` rounds of `perRound` units each,
 * after a warm-up round; round r starts at offset r × perRound (mod `setSize`), so that rounds
 * visit different keys.
 */
export function measure(rounds, perRound, setSize, run) {
  run(0)
  const samples = []
  for (let round = 0; round < rounds; round++) {
    const offset = (round * perRound) % setSize
    const start = process.hrtime.bigint()
    run(offset)
    samples.push(Number(process.hrtime.bigint() - start) / perRound)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[samples.length >> 1], best: samples[0] }
}

/**
 * Builds side by side: `ROUNDS` rounds of `PER_ROUND` keys, each build's operations in turn within
 * a round, so that every build sees the same machine load; prints the CPU time per key
 * (process.cpuUsage) of each operation of each build, best and median, the first round a warm-up.
 * `builds` are `{ name, ops }` with `ops` an object of `(key) => number`.
 */
export function compareBuilds(builds, keys, rounds = 12, perRound = 125_000) {
  const samples = {}
  for (let round = 0; round < rounds; round++) {
    const offset = (round * perRound) % keys.length
    for (const { name, ops } of builds) {
      for (const [op, call] of Object.entries(ops)) {
        const start = process.cpuUsage()
        let acc = 0
        for (let k = offset; k < offset + perRound; k++) acc ^= call(keys[k])
        const used = process.cpuUsage(start)
        globalThis.sink = acc
        const label = `${op} ${name}`
        samples[label] = samples[label] ?? []
        if (round > 0) samples[label].push(((used.user + used.system) * 1000) / perRound)
      }
    }
  }
  for (const [name, ns] of Object.entries(samples)) {
    ns.sort((a, b) => a - b)
    console.log(`${name.padEnd(48)} best ${ns[0].toFixed(1)}  median ${ns[ns.length >> 1].toFixed(1)}`)
  }
}
