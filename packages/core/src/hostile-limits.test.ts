/**
 * Hostile input to the mutating methods and the argument checks, on every backend: ill-formed
 * ids, `null` options, objects the error messages cannot ask about themselves, and the ring's
 * limits. Each error is the library's own TypeError/RangeError, named after the argument, the
 * same on every backend, and the ring is left exactly as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConsistentHashRing, jumpHash, jumpHashMany, KeyBatch, xxh3, xxh64 } from './index.js'
import { MAX_POINTS_PER_CONSUMER, MAX_TOTAL_POINTS } from './limits.js'
import { backendsUnderTest } from './test/backends.js'
import { expectIntact, ILL_FORMED_ID, ILL_FORMED_IDS, seeded } from './test/hostile.js'
import { type Thrown, thrown } from './test/thrown.js'

const revoked = Proxy.revocable({}, {})
revoked.revoke()
const throwingConstructor = new Uint16Array(2)
Object.defineProperty(throwingConstructor, 'constructor', {
  get() {
    throw new Error('constructor was read')
  },
})

/** Values that cannot be asked what they are without running (or crashing on) their code. */
const opaque: Array<[string, unknown]> = [
  ['an object without a prototype', Object.create(null)],
  [
    'a Proxy',
    new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap ran')
        },
      },
    ),
  ],
  ['a revoked Proxy', revoked.proxy],
  ['a typed array whose constructor getter throws', throwingConstructor],
  ['a symbol', Symbol('k')],
]

describe.each(backendsUnderTest())('ids, options and limits on the %s backend', (backend) => {
  const opts = { backend }
  // Each test throws at a seeded ring, which must then be unchanged.
  let ring: ConsistentHashRing<string>
  beforeEach(() => {
    ring = seeded(backend)
  })
  afterEach(() => expectIntact(ring))
  /** What `f` throws on the test's seeded ring. */
  const onRing = (f: (ring: ConsistentHashRing<string>) => unknown): Thrown => thrown(() => f(ring))

  it.each(ILL_FORMED_IDS)('the ill-formed id %j is a TypeError everywhere an id is taken', (id) => {
    for (const f of [
      (ring: ConsistentHashRing<string>) => ring.addConsumer(id, 'x'),
      (ring: ConsistentHashRing<string>) => ring.removeConsumer(id),
      (ring: ConsistentHashRing<string>) => ring.hasConsumer(id),
      (ring: ConsistentHashRing<string>) => ring.getWeight(id),
      (ring: ConsistentHashRing<string>) => ring.slotOf(id),
    ]) {
      const error = onRing(f)
      expect(error.type).toBe('TypeError')
      expect(error.message).toMatch(ILL_FORMED_ID)
    }
  })

  it('ids that share their UTF-8 bytes cannot both be added', () => {
    const ring = new ConsistentHashRing<string>({ backend, vnodes: 8 })
    ring.addConsumer('\uFFFD', 'replacement')
    expect(thrown(() => ring.addConsumer('\uD800', 'lone')).type).toBe('TypeError')
    expect(ring.consumerIds()).toEqual(['\uFFFD'])
    ring.addConsumer('\uD83D\uDE00', 'pair') // a well-formed pair is fine
    expect(ring.size).toBe(2)
  })

  it.each(['vnodes', 'hash', 'seed', 'backend'])('options.%s = null is a TypeError naming it', (name) => {
    const error = thrown(() => new ConsistentHashRing({ backend, [name]: null }))
    expect(error.type).toBe('TypeError')
    expect(error.message).toMatch(new RegExp(`^${name} must be .*, got null$`))
  })

  it('weight: null, options: null and backend: null are TypeErrors naming them', () => {
    expect(onRing((ring) => ring.addConsumer('x', 'x', { weight: null as unknown as number }))).toEqual({
      type: 'TypeError',
      message: 'weight must be a number, got null',
    })
    expect(onRing((ring) => ring.addConsumer('x', 'x', null as unknown as undefined))).toEqual({
      type: 'TypeError',
      message: 'options must be an object, got null',
    })
    for (const f of [
      () => jumpHash(1, 10, null as unknown as undefined),
      () => jumpHashMany([1], 10, null as unknown as undefined),
      () => xxh3('a', 0n, null as unknown as undefined),
    ])
      expect(thrown(f)).toEqual({ type: 'TypeError', message: 'options must be an object, got null' })
    const noBackend = { backend: null as unknown as 'js' }
    for (const f of [() => jumpHash(1, 10, noBackend), () => xxh64('a', 0n, noBackend)])
      expect(thrown(f)).toEqual({
        type: 'TypeError',
        message: "backend must be one of 'auto', 'native', 'wasm', 'js', got null",
      })
    expect(thrown(() => xxh3('a', null as unknown as bigint, opts)).message).toBe(
      'seed must be a bigint, got null',
    )
  })

  it.each(opaque)('%s is described, not asked, in every error', (_, value) => {
    const what = /, got (an object|a symbol|a Uint16Array)$/
    const calls: Array<(ring: ConsistentHashRing<string>) => unknown> = [
      (ring) => ring.addConsumer(value as string, 'x'),
      (ring) => ring.addConsumer('x', 'x', { weight: value as number }),
      (ring) => ring.getConsumers('k', value as number),
      (ring) => ring.getSlotMany(value as string[]),
      (ring) => ring.getSlotMany(['k'], value as Int32Array),
      (ring) => ring.consumerAt(value as number),
      () => jumpHash(value as number, 10, opts),
      () => jumpHash(1, value as number, opts),
      () => xxh3('k', value as bigint, opts),
      () => new KeyBatch(value as Uint8Array, new Uint32Array(1)),
      () => new KeyBatch(new Uint8Array(1), value as Uint32Array),
      () => KeyBatch.from(value as string[]),
      () => new ConsistentHashRing({ backend, vnodes: value as number }),
    ]
    for (const call of calls) {
      const error = onRing(call)
      expect(error.type).toBe('TypeError')
      expect(error.message).toMatch(what)
    }
    // A key that is none of the key types is a TypeError too, in a batch and alone.
    expect(onRing((ring) => ring.getConsumer(value as string)).message).toMatch(
      /^key must be a string, a Uint8Array or a safe integer, got/,
    )
    expect(onRing((ring) => ring.getConsumerIdMany(['a', value as string])).message).toMatch(
      /^keys\[1\] must be/,
    )
    // Options that cannot be listed.
    expect(onRing((ring) => ring.addConsumer('x', 'x', revoked.proxy as object)).message).toMatch(
      /^options could not be read/,
    )
  })

  it.skipIf(backend === 'js')(
    'adding past 2^32 − 2 points, or past the memory the engine can allocate, is a RangeError before any change',
    // The js engine hashes a consumer's points as it is added: 4 billion of them take hours. The
    // check is in ring.ts, before the engine, so it is the same code on js.
    () => {
      const big = new ConsistentHashRing<string>({ backend, vnodes: MAX_POINTS_PER_CONSUMER })
      // 4095 consumers of 2^20 points leave room for 2^20 − 2 more. Engines apply changes at the
      // next lookup, and this ring never has one: adding costs no memory.
      const full = Math.floor(MAX_TOTAL_POINTS / MAX_POINTS_PER_CONSUMER)
      for (let c = 0; c < full; c++) {
        // The engines reserve a ring's build memory as consumers are added: on a machine (or in a
        // wasm32 memory) that cannot hold 2^32 points (about 120 GB to build), that refusal comes
        // first. It must leave the ring as it was too, and then the point limit is out of reach.
        const size = big.size
        let error: unknown
        try {
          big.addConsumer(`big-${c}`, 'big')
          continue
        } catch (caught) {
          error = caught
        }
        expect(error).toBeInstanceOf(RangeError)
        expect((error as RangeError).message).toMatch(
          /^the ring would hold \d+ points, whose build needs \d+ bytes, more memory than the engine can allocate/,
        )
        expect([big.size, big.hasConsumer(`big-${c}`)]).toEqual([size, false])
        // (No lookup: it would build the hundreds of millions of points already on the ring.)
        expect(big.pointCount).toBe(size * MAX_POINTS_PER_CONSUMER)
        return
      }
      big.addConsumer('half', 'half', { weight: 0.5 })
      const room = MAX_TOTAL_POINTS - full * MAX_POINTS_PER_CONSUMER - MAX_POINTS_PER_CONSUMER / 2
      expect(room).toBe(2 ** 19 - 2)
      const state = () => [big.size, big.getWeight('half'), big.hasConsumer('more'), big.slotOf('half')]
      const before = state()
      const limit = (weight: number, total: number) =>
        `weight ${weight} × vnodes 1048576 = ${weight * MAX_POINTS_PER_CONSUMER} points would bring the ring to ${total} points, above the 4294967294 it can hold`
      // A new consumer, and a re-weight of one on the ring.
      expect(thrown(() => big.addConsumer('more', 'more', { weight: 0.5 }))).toEqual({
        type: 'RangeError',
        message: limit(0.5, MAX_TOTAL_POINTS - room + 2 ** 19),
      })
      expect(thrown(() => big.addConsumer('half', 'x', { weight: 1 }))).toEqual({
        type: 'RangeError',
        message: limit(1, MAX_TOTAL_POINTS - room + 2 ** 19),
      })
      expect(state()).toEqual(before)
      // Making room makes it fit.
      expect(big.removeConsumer('big-0')).toBe(true)
      big.addConsumer('more', 'more', { weight: 0.5 })
      expect(big.size).toBe(full + 1)
    },
  )
})
