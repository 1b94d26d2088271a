/**
 * The golden vectors of fixtures/ (see fixtures/README.md) checked through @chash/core's public
 * API on one backend, in runtimes that cannot run vitest's suites (a workerd Worker) and as a
 * count-checked summary beside them in Bun and Deno, so that a checker that checks nothing cannot pass.
 */
import type * as Core from '@chash/core'
// The fixtures' shape and input rule, from core's test helpers (one definition for both suites).
import {
  type JumpFixture,
  patternBytes,
  type RingFixture,
  type XxhashFixture,
} from '../../../../packages/core/src/test/fixture-format.js'

/** The parts of @chash/core the checks call (the page passes the module itself). */
export type CoreApi = Pick<typeof Core, 'ConsistentHashRing' | 'jumpHash' | 'jumpHashMany' | 'xxh3' | 'xxh64'>

/** All three fixture files. */
export interface Fixtures {
  xxhash: XxhashFixture
  jump: JumpFixture
  ring: RingFixture
}

/** The outcome of {@link checkGoldenVectors}. */
export interface GoldenSummary {
  passed: number
  failed: number
  /** Checks passed per fixture file. */
  passedBy: { xxhash: number; jump: number; ring: number }
  /** The first failures (at most {@link MAX_FAILURES}), as readable lines. */
  failures: string[]
}

/** How many failure lines a summary keeps. */
export const MAX_FAILURES = 30

type Group = keyof GoldenSummary['passedBy']

const hex = (value: bigint): string => value.toString(16).padStart(16, '0')

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, k) => value === b[k])
}

/** Checks every vector of `fixtures` with `backend`; never throws for a wrong answer. */
export function checkGoldenVectors(
  core: CoreApi,
  backend: 'js' | 'wasm' | 'native',
  fixtures: Fixtures,
): GoldenSummary {
  const summary: GoldenSummary = {
    passed: 0,
    failed: 0,
    passedBy: { xxhash: 0, jump: 0, ring: 0 },
    failures: [],
  }
  const fail = (line: string) => {
    summary.failed++
    if (summary.failures.length < MAX_FAILURES) summary.failures.push(`${backend}: ${line}`)
  }
  /** One comparison; an exception counts as a failure with its message. */
  const check = (group: Group, what: string, expected: unknown, actual: () => unknown) => {
    let got: unknown
    try {
      got = actual()
    } catch (error) {
      fail(`${group} ${what}: threw ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    const ok = Array.isArray(expected) ? Array.isArray(got) && sameList(expected, got) : got === expected
    if (ok) {
      summary.passed++
      summary.passedBy[group]++
    } else {
      fail(`${group} ${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`)
    }
  }
  const options = { backend }
  const encoder = new TextEncoder()

  // xxhash.json: both hashes, seed 0 and the top-bit seed; texts as strings and as bytes.
  const seed = BigInt(`0x${fixtures.xxhash.seed}`)
  for (const c of fixtures.xxhash.cases) {
    const inputs: Array<[string, string | Uint8Array]> =
      c.text === undefined
        ? [['bytes', patternBytes(c.len)]]
        : [
            ['string', c.text],
            ['bytes', encoder.encode(c.text)],
          ]
    for (const [kind, input] of inputs) {
      const what = `${c.name} (${kind})`
      if (typeof input !== 'string') check('xxhash', `${what} length`, c.len, () => input.length)
      check('xxhash', `xxh3 ${what}`, c.xxh3, () => hex(core.xxh3(input, 0n, options)))
      check('xxhash', `xxh3 seeded ${what}`, c.xxh3_seeded, () => hex(core.xxh3(input, seed, options)))
      check('xxhash', `xxh64 ${what}`, c.xxh64, () => hex(core.xxh64(input, 0n, options)))
      check('xxhash', `xxh64 seeded ${what}`, c.xxh64_seeded, () => hex(core.xxh64(input, seed, options)))
    }
  }

  // jump.json: bigint keys, the same keys as numbers where safe, and the batch call per bucket count.
  const byBuckets = new Map<number, JumpFixture['cases']>()
  for (const c of fixtures.jump.cases) {
    const key = BigInt(c.key)
    check('jump', `jumpHash(${c.key}n, ${c.buckets})`, c.bucket, () => core.jumpHash(key, c.buckets, options))
    if (key <= BigInt(Number.MAX_SAFE_INTEGER)) {
      check('jump', `jumpHash(${c.key}, ${c.buckets})`, c.bucket, () =>
        core.jumpHash(Number(key), c.buckets, options),
      )
    }
    byBuckets.set(c.buckets, [...(byBuckets.get(c.buckets) ?? []), c])
  }
  for (const [buckets, cases] of byBuckets) {
    const keys = BigUint64Array.from(cases, (c) => BigInt(c.key))
    check(
      'jump',
      `jumpHashMany(${cases.length} keys, ${buckets})`,
      cases.map((c) => c.bucket),
      () => [...core.jumpHashMany(keys, buckets, options)],
    )
  }
  for (const c of fixtures.jump.string_cases) {
    const what = JSON.stringify(c.text)
    check('jump', `xxh3(${what})`, c.xxh3, () => hex(core.xxh3(c.text, 0n, options)))
    check('jump', `jumpHash(${what}, ${c.buckets})`, c.bucket, () =>
      core.jumpHash(c.text, c.buckets, options),
    )
    check('jump', `jumpHash(bytes of ${what}, ${c.buckets})`, c.bucket, () =>
      core.jumpHash(encoder.encode(c.text), c.buckets, options),
    )
  }

  // ring.json: owners, replicas and the batch lookup of every scenario.
  for (const s of fixtures.ring.scenarios) {
    let ring: InstanceType<CoreApi['ConsistentHashRing']>
    try {
      ring = new core.ConsistentHashRing<string>({
        backend,
        hash: s.hash,
        seed: BigInt(s.seed),
        vnodes: s.vnodes,
      })
      for (const c of s.consumers) ring.addConsumer(c.id, c.id, { weight: c.weight })
    } catch (error) {
      fail(`ring ${s.name}: building the ring threw ${error instanceof Error ? error.message : error}`)
      continue
    }
    check('ring', `${s.name} backend`, backend, () => ring.backend)
    check('ring', `${s.name} pointCount`, s.point_count, () => ring.pointCount)
    for (const l of s.lookups) {
      const what = `${s.name} ${JSON.stringify(l.key)}`
      const owner = l.owner ?? undefined
      check('ring', `${what} owner`, owner, () => ring.getConsumerId(l.key))
      check('ring', `${what} payload`, owner, () => ring.getConsumer(l.key))
      check('ring', `${what} replicas3`, l.replicas3, () => ring.getConsumerIds(l.key, 3))
      if (l.replicas10 !== undefined) {
        check('ring', `${what} replicas10`, l.replicas10, () => ring.getConsumerIds(l.key, 10))
      }
      // §1: a safe integer is the key of its canonical decimal string.
      const asNumber = Number(l.key)
      if (/^-?\d+$/.test(l.key) && Number.isSafeInteger(asNumber) && String(asNumber) === l.key) {
        check('ring', `${s.name} ${l.key} (number) owner`, owner, () => ring.getConsumerId(asNumber))
      }
    }
    check(
      'ring',
      `${s.name} getConsumerIdMany`,
      s.lookups.map((l) => l.owner ?? undefined),
      () => ring.getConsumerIdMany(s.lookups.map((l) => l.key)),
    )
  }
  return summary
}
