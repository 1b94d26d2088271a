// Checks, on whatever Node runs it (the arm64 one under qemu in CI), that @chash/core's native
// backend loads the addon of this platform (through @chash/native's generated loader and its
// per-platform package) and gives the golden answers of fixtures/ (ring.json, xxhash.json) and the
// same placements as the wasm and js backends. Prints one summary line; exits 1 on any mismatch.
//
// Usage: node packages/native/scripts/check-platform.mjs   (after building @chash/core)
import { readFileSync } from 'node:fs'

const repo = new URL('../../../', import.meta.url)
const core = await import(new URL('packages/core/dist/index.js', repo).href)
const fixture = (name) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, repo), 'utf8'))
const failures = []
let checks = 0
const expectEqual = (what, expected, actual) => {
  checks++
  if (JSON.stringify(expected) !== JSON.stringify(actual))
    failures.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

const platform = `${process.platform}-${process.arch}`
await core.init()
expectEqual('available backends', ['native', 'wasm', 'js'], core.availableBackends())
expectEqual('auto backend', 'native', new core.ConsistentHashRing().backend)

// Golden rings (docs/placement.md), on the native backend.
for (const s of fixture('ring.json').scenarios) {
  const ring = new core.ConsistentHashRing({
    backend: 'native',
    hash: s.hash,
    seed: BigInt(s.seed),
    vnodes: s.vnodes,
  })
  for (const c of s.consumers) ring.addConsumer(c.id, c.id, { weight: c.weight })
  expectEqual(`${s.name} points`, s.point_count, ring.pointCount)
  for (const l of s.lookups) {
    expectEqual(`${s.name} ${l.key} owner`, l.owner ?? null, ring.getConsumerId(l.key) ?? null)
    expectEqual(`${s.name} ${l.key} replicas3`, l.replicas3, ring.getConsumerIds(l.key, 3))
    if (l.replicas10)
      expectEqual(`${s.name} ${l.key} replicas10`, l.replicas10, ring.getConsumerIds(l.key, 10))
  }
}

// Golden hashes (Debian's libxxhash), on the native backend.
const hashes = fixture('xxhash.json')
const seed = BigInt(`0x${hashes.seed}`)
const native = { backend: 'native' }
const hex = (value) => value.toString(16).padStart(16, '0')
for (const c of hashes.cases) {
  // Text cases hash the string (UTF-8), the others the pattern bytes.
  const input = c.text ?? Uint8Array.from({ length: c.len }, (_, i) => (i * 31 + 7) % 256)
  expectEqual(`${c.name} xxh3`, c.xxh3, hex(core.xxh3(input, 0n, native)))
  expectEqual(`${c.name} xxh3 seeded`, c.xxh3_seeded, hex(core.xxh3(input, seed, native)))
  expectEqual(`${c.name} xxh64`, c.xxh64, hex(core.xxh64(input, 0n, native)))
  expectEqual(`${c.name} xxh64 seeded`, c.xxh64_seeded, hex(core.xxh64(input, seed, native)))
}

// Cross-backend: one weighted ring per backend, the same owners, replicas and jump buckets.
const keys = Array.from({ length: 2000 }, (_, k) => `user:${k}:${'é'.repeat(k % 5)}`)
const answers = (backend) => {
  const ring = new core.ConsistentHashRing({ backend })
  for (let k = 0; k < 7; k++) ring.addConsumer(`node-${k}`, k, { weight: 1 + k / 3 })
  return keys.map((key) => [
    ring.getConsumerId(key),
    ring.getConsumerIds(key, 3),
    core.jumpHash(key, 977, { backend }),
  ])
}
const reference = answers('js')
for (const backend of ['native', 'wasm'])
  expectEqual(`${backend} = js on ${keys.length} keys`, reference, answers(backend))

const summary = `${platform} node ${process.version}: ${checks - failures.length}/${checks} checks passed`
if (failures.length > 0) {
  console.error(`[check-platform] FAIL ${summary}\n${failures.slice(0, 20).join('\n')}`)
  process.exit(1)
}
console.log(`[check-platform] ok ${summary}`)
