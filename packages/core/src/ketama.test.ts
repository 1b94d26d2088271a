import { createRequire } from 'node:module'
import { beforeAll, describe, expect, it } from 'vitest'
import { type KetamaCompat, KetamaRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'

// npm hashring 3.2.0 itself, the reference of the 'hashring' and 'hash_ring' modes.
const HashRing = createRequire(import.meta.url)('hashring') as new (
  servers: Record<string, { weight: number }>,
  algorithm: string,
  options: Record<string, unknown>,
) => {
  get(key: string | number): string | undefined
  range(key: string | number, size: number, unique: boolean): string[]
  add(servers: Record<string, { weight: number }>): void
  remove(server: string): void
  hashValue(key: string): number
  ring: Array<{ value: number }>
}

interface Config {
  name: string
  compat: KetamaCompat
  vnodes?: number
  defaultPort?: number
  servers: Array<[string, number]>
  add: Array<[string, number]>
  remove: string[]
}

const hosts = (n: number, port: number, weight = 1): Array<[string, number]> =>
  Array.from({ length: n }, (_, i) => [`10.0.0.${i + 1}:${port}`, weight])

const CONFIGS: Config[] = [
  {
    name: '10 equal servers',
    compat: 'hashring',
    servers: hosts(10, 11211),
    add: hosts(2, 11300),
    remove: ['10.0.0.4:11211'],
  },
  {
    name: '7 equal servers',
    compat: 'hashring',
    servers: hosts(7, 11212),
    add: [['late:1', 1]],
    remove: ['10.0.0.1:11212'],
  },
  {
    name: "weights 1..5, mixed ports, 'default port' 11211",
    compat: 'hashring',
    defaultPort: 11211,
    servers: [
      ['0.0.0.1:11211', 1],
      ['0.0.0.2:11211', 2],
      ['0.0.0.3', 3],
      ['0.0.0.4:11213', 4],
      ['0.0.0.5:11212', 5],
    ],
    add: [['0.0.0.6:11211', 2.5]],
    remove: ['0.0.0.3', '0.0.0.1:11211'],
  },
  {
    name: "'vnode count' 10, fractional weights, multi-byte names",
    compat: 'hashring',
    vnodes: 10,
    servers: [
      ['cache-ä:1', 0.5],
      ['cache-日本:2', 1.5],
      ['cache-c:3', 2.25],
    ],
    add: [['cache-🔑:4', 0.75]],
    remove: ['cache-ä:1'],
  },
  {
    name: "compatibility 'hash_ring', weights 1..5",
    compat: 'hash_ring',
    servers: [
      ['0.0.0.1', 1],
      ['0.0.0.2', 2],
      ['0.0.0.3', 3],
      ['0.0.0.4', 4],
      ['0.0.0.5', 5],
    ],
    add: [['0.0.0.6', 6]],
    remove: ['0.0.0.2'],
  },
]

const weights = (servers: Array<[string, number]>) =>
  Object.fromEntries(servers.map(([server, weight]) => [server, { weight }]))

/** 100,000 keys: numbers, '', multi-byte UTF-8, and keys hashing past hashring's last point. */
function keysFor(reference: InstanceType<typeof HashRing>): Array<string | number> {
  const keys: Array<string | number> = ['']
  for (let i = 0; i < 40_000; i++) keys.push(i)
  for (let i = 0; i < 20_000; i++) keys.push(`user:${i * 7919}`)
  for (let i = 0; i < 20_000; i++) keys.push(i % 2 ? `ключ-${i}-日本` : `🔑${i}Grüße`)
  const last = reference.ring[reference.ring.length - 1].value
  let wraps = 0
  for (let n = 0; keys.length < 100_000; n++) {
    const key = `k${n}`
    if (wraps < 50 && reference.hashValue(key) > last) wraps++
    else if (keys.length >= 100_000 - 50 + wraps) continue
    keys.push(key)
  }
  expect(wraps).toBe(50)
  return keys
}

interface Expected {
  keys: Array<string | number>
  owners: Array<string | undefined>
  /** [key index, n, hashring's range(key, n, true)] */
  ranges: Array<[number, number, string[]]>
}

const PHASES = ['as built', 'after adds', 'after removes'] as const

/** hashring's answers for a config after 0, 1 or 2 change steps (computed once, for every backend). */
const expectations = new Map<string, Expected>()
async function expected(config: Config, phase: number): Promise<Expected> {
  const id = `${config.name}/${phase}`
  let found = expectations.get(id)
  if (found === undefined) {
    const options: Record<string, unknown> = {}
    if (config.compat === 'hash_ring') options.compatibility = 'hash_ring'
    if (config.vnodes !== undefined) options['vnode count'] = config.vnodes
    if (config.defaultPort !== undefined) options['default port'] = config.defaultPort
    const reference = new HashRing(weights(config.servers), 'md5', options)
    if (phase >= 1) reference.add(weights(config.add))
    if (phase >= 2) for (const server of config.remove) reference.remove(server)
    const keys = keysFor(reference)
    const ranges: Expected['ranges'] = []
    // range is slow in hashring: every 5th key and every wrap key, n = 1..5.
    for (let k = 0; k < keys.length; k += k >= 99_950 ? 1 : 5) {
      const n = 1 + (k % 5)
      ranges.push([k, n, reference.range(keys[k], n, true)])
    }
    const owners: Expected['owners'] = []
    for (let k = 0; k < keys.length; k++) {
      owners.push(reference.get(keys[k]))
      // hashring takes seconds here: let vitest's worker answer its runner meanwhile.
      if (k % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    found = { keys, owners, ranges }
    expectations.set(id, found)
  }
  return found
}

// hashring takes 2–20 s per 100,000 cold keys (more on a loaded machine): its answers are computed
// once, up front, with a generous timeout, and every backend is compared with them.
beforeAll(async () => {
  for (const config of CONFIGS)
    for (let phase = 0; phase < PHASES.length; phase++) await expected(config, phase)
}, 1_200_000)

describe.each(backendsUnderTest())('KetamaRing against npm hashring 3.2.0 on the %s backend', (backend) => {
  describe.each(CONFIGS.map((c) => [c.name, c] as const))('%s', (_, config) => {
    it.each(PHASES.map((name, phase) => [name, phase] as const))(
      '100,000 keys %s',
      async (_, phase) => {
        const ring = new KetamaRing<string>({
          backend: backend as 'js',
          compat: config.compat,
          ...(config.vnodes === undefined ? {} : { vnodes: config.vnodes }),
          ...(config.defaultPort === undefined ? {} : { defaultPort: config.defaultPort }),
        })
        for (const [server, weight] of config.servers) ring.addConsumer(server, server, { weight })
        ring.getConsumerId('') // build before the changes: the rebuild after them must not depend on it
        if (phase >= 1)
          for (const [server, weight] of config.add) ring.addConsumer(server, server, { weight })
        if (phase >= 2) for (const server of config.remove) expect(ring.removeConsumer(server)).toBe(true)
        const { keys, owners, ranges } = await expected(config, phase)
        expect(keys.length).toBe(100_000)
        expect(ring.getConsumerIdMany(keys)).toEqual(owners)
        for (let k = 0; k < keys.length; k++) {
          if (ring.getConsumerId(keys[k]) !== owners[k])
            expect(ring.getConsumerId(keys[k]), String(keys[k])).toBe(owners[k])
        }
        for (const [k, n, range] of ranges) {
          const ours = ring.getConsumerIds(keys[k], n)
          if (ours.join() !== range.join()) expect(ours, `range ${String(keys[k])}, ${n}`).toEqual(range)
        }
      },
      120_000,
    )
  })
})
