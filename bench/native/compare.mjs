// Two or more builds of the addon side by side (not part of tests): rounds of `lookup` and
// `replicas(key, 3)` on a ring of 1,000 consumers per build, interleaved in one process so that
// every build sees the same machine load; CPU time per call (process.cpuUsage), best and median.
//
//   cp packages/native/chash.linux-x64-gnu.node /tmp/old.node   # before a change
//   node bench/native/compare.mjs /tmp/old.node packages/native/chash.linux-x64-gnu.node
//
// Keys: the million 22-byte keys of quick.mjs. Pass the same file twice to see the noise.
import { createRequire } from 'node:module'
import { resolve } from 'node:path'

const require = createRequire(import.meta.url)
const ROUNDS = 12
const PER_ROUND = 125_000
const keys = Array.from({ length: 1_000_000 }, (_, k) => String(k).padStart(22, '0'))
const encoder = new TextEncoder()
const builds = process.argv.slice(2).map((file, index) => {
  const fns = new (require(resolve(file)).NativeRing)(0, 0, 0).functions()
  for (let i = 0; i < 1000; i++) fns.setConsumer(i, encoder.encode(`node-${i}`), 160)
  fns.lookup('warm up')
  return { name: `${index + 1}: ${file}`, fns }
})
const out = new Uint32Array(16)
const samples = {}
for (let round = 0; round < ROUNDS; round++) {
  const offset = (round * PER_ROUND) % keys.length
  for (const { name, fns } of builds) {
    for (const op of ['lookup', 'replicas']) {
      const start = process.cpuUsage()
      let acc = 0
      if (op === 'lookup') for (let k = offset; k < offset + PER_ROUND; k++) acc ^= fns.lookup(keys[k])
      else for (let k = offset; k < offset + PER_ROUND; k++) acc ^= fns.replicas(keys[k], 3, out)
      const used = process.cpuUsage(start)
      globalThis.sink = acc
      const label = `${op} ${name}`
      samples[label] = samples[label] ?? []
      // The first round warms up.
      if (round > 0) samples[label].push(((used.user + used.system) * 1000) / PER_ROUND)
    }
  }
}
for (const [name, ns] of Object.entries(samples)) {
  ns.sort((a, b) => a - b)
  console.log(`${name.padEnd(48)} best ${ns[0].toFixed(1)}  median ${ns[ns.length >> 1].toFixed(1)}`)
}
