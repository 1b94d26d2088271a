import { describe, expect, it } from 'vitest'
import { KetamaRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { loadFixture } from './test/fixtures.js'
import type { KetamaFixture, KetamaPublished, KetamaSpec } from './test/ketama-fixture-format.js'

const { scenarios } = loadFixture<KetamaFixture>('ketama.json')
const published = loadFixture<KetamaPublished>('ketama-published.json')

function ringOf(spec: KetamaSpec, backend: string): KetamaRing<string> {
  const ring = new KetamaRing<string>({
    backend: backend as 'js',
    compat: spec.compat,
    vnodes: spec.vnodes,
    ...(spec.defaultPort === undefined ? {} : { defaultPort: spec.defaultPort }),
  })
  for (const { server, weight } of spec.servers) ring.addConsumer(server, `info:${server}`, { weight })
  return ring
}

describe.each(backendsUnderTest())('KetamaRing fixtures on the %s backend', (backend) => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s: every key as its reference', (_, scenario) => {
    const ring = ringOf(scenario, backend)
    if (scenario.point_count !== undefined) expect(ring.pointCount).toBe(scenario.point_count)
    for (const lookup of scenario.lookups) {
      expect(ring.getConsumerId(lookup.key), lookup.key).toBe(lookup.owner)
      expect(ring.getConsumer(lookup.key)).toBe(`info:${lookup.owner}`)
      if (lookup.replicas3) expect(ring.getConsumerIds(lookup.key, 3), lookup.key).toEqual(lookup.replicas3)
    }
    const keys = scenario.lookups.map((l) => l.key)
    expect(ring.getConsumerIdMany(keys)).toEqual(scenario.lookups.map((l) => l.owner))
  })

  it.each(
    published.sets.map((s) => [s.name, s] as const),
  )("node-hashring's published %s placements of 100,000 keys", (_, set) => {
    const ring = ringOf(set, backend)
    const names = set.servers.map((s) => s.server)
    const keys = Array.from({ length: 100_000 }, (_, i) => i)
    const expected = Array.from(set.owners, (digit) => names[Number(digit)])
    expect(ring.getConsumerIdMany(keys)).toEqual(expected)
    for (let i = 0; i < 100_000; i += 997) expect(ring.getConsumerId(i)).toBe(expected[i])
  })

  it("libmemcached's own ketama test cases", () => {
    const ring = ringOf({ ...published.libmemcached, compat: 'libmemcached', vnodes: 40 }, backend)
    for (const { key, host } of published.libmemcached.cases) {
      expect(ring.getConsumerId(key)?.split(':')[0], key).toBe(host)
    }
  })
})
