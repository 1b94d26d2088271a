/**
 * How many keys move when a server joins a KetamaRing (docs/placement.md §9.5): the share that
 * moves, to the newcomer and between the servers already there, per compat mode, next to
 * ConsistentHashRing. Run: `node bench/dist/ketama-moves.js` (after `pnpm --filter @chash/bench build`).
 */
import { ConsistentHashRing, type KetamaCompat, KetamaRing } from '@chash/core'

const KEYS = Array.from({ length: 200_000 }, (_, i) => `key:${i}`)
const COMPATS: readonly KetamaCompat[] = ['hashring', 'hash_ring', 'libketama', 'libmemcached']

interface Ring {
  addConsumer(id: string, info: string): unknown
  getConsumerIdMany(keys: readonly string[]): Array<string | undefined>
}

/** [moved, moved to the newcomer] as shares of all keys when server n joins servers 0 … n−1. */
function moves(make: () => Ring, n: number): [number, number] {
  const ring = make()
  for (let i = 0; i < n; i++) ring.addConsumer(`10.0.${i >> 8}.${i & 255}:11211`, '')
  const before = ring.getConsumerIdMany(KEYS)
  const newcomer = `10.1.0.0:11211`
  ring.addConsumer(newcomer, '')
  const after = ring.getConsumerIdMany(KEYS)
  let moved = 0
  let toNew = 0
  for (let k = 0; k < KEYS.length; k++) {
    if (after[k] !== before[k]) moved++
    if (after[k] === newcomer) toNew++
  }
  return [moved / KEYS.length, toNew / KEYS.length]
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`
console.log('| servers | ring | keys moved | to the newcomer | between old servers | ideal (1/(n+1)) |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const n of [6, 10, 24, 100]) {
  const rows: Array<[string, () => Ring]> = [
    ...COMPATS.map((compat): [string, () => Ring] => [
      compat,
      () => new KetamaRing<string>({ compat, backend: 'js' }),
    ]),
    ['ConsistentHashRing', () => new ConsistentHashRing<string>({ backend: 'js' })],
  ]
  for (const [name, make] of rows) {
    const [moved, toNew] = moves(make, n)
    console.log(
      `| ${n} → ${n + 1} | ${name} | ${pct(moved)} | ${pct(toNew)} | ${pct(moved - toNew)} | ${pct(1 / (n + 1))} |`,
    )
  }
}
