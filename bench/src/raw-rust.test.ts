import { describe, expect, it } from 'vitest'
import { QUICK } from './modes.js'
import { parseRawBench, rawMeasurements, withRoundFigures } from './raw-rust.js'

const sample = JSON.stringify({
  schema: 'chash-raw-bench/1',
  mode: 'quick',
  rounds: 3,
  keys_per_round: 250000,
  key_set: 1000000,
  batch: 16384,
  vnodes: 160,
  hash: 'xxh3',
  arch: 'x86_64',
  memory: { consumers: 1000, points: 160000, bytes: 2215878, bytes_per_point: 13.849 },
  results: [
    { op: 'build', consumers: 1000, ns_per_op: 2699473.0 },
    { op: 'replace_one', consumers: 1000, ns_per_op: 285550.8 },
    { op: 'lookup', consumers: 1000, key_len: 22, ns_per_op: 20 },
    { op: 'lookup', consumers: 100, key_len: 22, ns_per_op: 18 },
    { op: 'lookup_many', consumers: 1000, key_len: 22, ns_per_key: 15 },
    { op: 'hash_xxh3', key_len: 8, ns_per_op: 1.76 },
    { op: 'jump_many', consumers: 10, ns_per_key: 3 },
  ],
})

describe('raw_bench output', () => {
  it('is mapped onto our operations, for the sizes the mode measures', () => {
    const rows = rawMeasurements(parseRawBench(sample), QUICK)
    expect(rows.map((r) => `${r.op}/${r.consumers}/${r.keyLen}/${r.ns}`)).toEqual([
      'build/1000/null/2699473',
      'lookup/1000/22/20',
      'lookup-many/1000/22/15',
      'lookup-packed/1000/22/15',
      'hash-xxh3/null/8/1.76',
      'jump-many/10/null/3',
    ])
    expect(rows.every((r) => r.contender === 'raw Rust' && r.kind === 'raw' && r.rme === null)).toBe(true)
    expect(rows[1].perSecond).toBe(5e7)
  })

  it("has a size timed again in the rounds replaced by the rounds' figure, the others kept", () => {
    const upFront = rawMeasurements(parseRawBench(sample), QUICK)
    const headline = upFront[1]
    const inRounds = { ...headline, ns: 31, rounds: [35, 31, 29] }
    const merged = withRoundFigures(upFront, [inRounds])
    expect(merged).toHaveLength(upFront.length)
    expect(merged.filter((m) => m.op === 'lookup')).toEqual([inRounds])
    expect(merged.filter((m) => m.op !== 'lookup')).toEqual(upFront.filter((m) => m.op !== 'lookup'))
    expect(withRoundFigures(upFront, [])).toEqual(upFront)
  })

  it('rejects another schema', () => {
    expect(() => parseRawBench('{"schema":"other","results":[]}')).toThrow(/schema/)
  })
})
