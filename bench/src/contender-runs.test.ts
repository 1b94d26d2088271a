import { describe, expect, it } from 'vitest'
import type { BenchCase } from './cases.js'
import {
  type ContenderResult,
  combineRounds,
  medianRound,
  medianRounds,
  mergeResults,
  splitByContender,
} from './contender-runs.js'
import type { Measurement } from './model.js'

const benchCase = (contender: string, op: BenchCase['op'], runsWith = contender): BenchCase => ({
  op,
  consumers: op.startsWith('hash') ? null : 10,
  keyLen: 22,
  contender,
  runsWith,
  kind: contender.startsWith('chash') ? 'ours' : 'peer',
  keysPerCall: 1,
  prepare: () => () => {},
})

const measured = (c: BenchCase, ns: number): Measurement => ({
  op: c.op,
  consumers: c.consumers,
  keyLen: c.keyLen,
  contender: c.contender,
  kind: c.kind,
  ns,
  meanNs: ns,
  perSecond: 1e9 / ns,
  rme: 1,
  samples: 10,
})

const result = (contender: string, measurements: Measurement[], failures: ContenderResult['failures'] = []) =>
  ({ schema: 'chash-bench-contender/1', contender, measurements, failures, seconds: 1 }) as const

// The case list as buildCases orders it: by operation, then contender.
const cases = [
  benchCase('chash js', 'lookup'),
  benchCase('hashring', 'lookup'),
  benchCase('chash js', 'lookup-hot'),
  benchCase('hashring (LRU cache hit)', 'lookup-hot', 'hashring'),
  benchCase('chash js', 'hash-xxh3'),
  benchCase('@node-rs/xxhash', 'hash-xxh3'),
]

describe('splitByContender', () => {
  it('gives each contender its cases, hashring its cache-hit case, numbered run after run', () => {
    const runs = splitByContender(cases)
    expect(runs.map((r) => [r.contender, r.first, r.cases.map((c) => `${c.op} ${c.contender}`)])).toEqual([
      ['chash js', 0, ['lookup chash js', 'lookup-hot chash js', 'hash-xxh3 chash js']],
      ['hashring', 3, ['lookup hashring', 'lookup-hot hashring (LRU cache hit)']],
      ['@node-rs/xxhash', 5, ['hash-xxh3 @node-rs/xxhash']],
    ])
  })
})

describe('mergeResults', () => {
  const [jsCold, hrCold, jsHot, hrHot, jsHash, nodeRsHash] = cases
  const results = [
    result(
      'chash js',
      [measured(jsCold, 150), measured(jsHot, 90)],
      [{ op: 'hash-xxh3', consumers: null, keyLen: 22, contender: 'chash js', error: 'boom' }],
    ),
    result('hashring', [measured(hrCold, 5000), measured(hrHot, 25)]),
    result('@node-rs/xxhash', [measured(nodeRsHash, 160)]),
  ]

  it('puts the figures back in the order of the case list, failures apart', () => {
    const merged = mergeResults(cases, results)
    expect(merged.measurements.map((m) => `${m.op} ${m.contender} ${m.ns}`)).toEqual([
      'lookup chash js 150',
      'lookup hashring 5000',
      'lookup-hot chash js 90',
      'lookup-hot hashring (LRU cache hit) 25',
      'hash-xxh3 @node-rs/xxhash 160',
    ])
    expect(merged.failures).toEqual([
      { op: 'hash-xxh3', consumers: null, keyLen: 22, contender: 'chash js', error: 'boom' },
    ])
  })

  it('refuses a case without a result', () => {
    expect(() => mergeResults(cases, results.slice(0, 2))).toThrow(
      'no result for xxh3 (key hash alone) · 22 B keys · @node-rs/xxhash',
    )
  })

  it('refuses two results for one case and results for cases not planned', () => {
    const twice = [...results, result('chash js', [measured(jsCold, 151)])]
    expect(() => mergeResults(cases, twice)).toThrow('two results for lookup|10|22|chash js')
    expect(() => mergeResults([jsCold, hrCold, jsHot, hrHot, jsHash], results)).toThrow(
      'results for cases that were not planned: hash-xxh3|-|22|@node-rs/xxhash',
    )
  })
})

describe('combineRounds', () => {
  const [jsCold, hrCold] = cases
  const round = (js: number, hr: number) => [
    result('chash js', [measured(jsCold, js)]),
    result('hashring', [measured(hrCold, hr)]),
  ]

  it("gives each case its median round's figure and every round's time, in the order they ran", () => {
    const combined = combineRounds([round(150, 5000), round(300, 5200), round(140, 4000)])
    expect(combined.map((r) => [r.contender, r.seconds])).toEqual([
      ['chash js', 3],
      ['hashring', 3],
    ])
    expect(combined[0].measurements).toEqual([{ ...measured(jsCold, 150), rounds: [150, 300, 140] }])
    expect(combined[1].measurements).toEqual([{ ...measured(hrCold, 5000), rounds: [5000, 5200, 4000] }])
    // The combined results merge like one process's.
    expect(mergeResults([jsCold, hrCold], combined).measurements.map((m) => m.ns)).toEqual([150, 5000])
  })

  it('keeps the first failure of a case that failed in any round, and no figure for it', () => {
    const failure = { op: 'lookup' as const, consumers: 10, keyLen: 22, contender: 'chash js', error: 'boom' }
    const failed = [result('chash js', [], [failure]), result('hashring', [measured(hrCold, 5100)])]
    const combined = combineRounds([round(150, 5000), failed, round(140, 4000)])
    expect(combined[0].measurements).toEqual([])
    expect(combined[0].failures).toEqual([failure])
    expect(combined[1].measurements[0].rounds).toEqual([5000, 5100, 4000])
  })

  it('gives each of several cases in one list its own median round (medianRounds)', () => {
    const figures = [
      measured(jsCold, 150),
      measured(hrCold, 5000),
      measured(jsCold, 300),
      measured(hrCold, 4000),
      measured(jsCold, 140),
      measured(hrCold, 5200),
    ]
    expect(medianRounds(figures)).toEqual([
      { ...measured(jsCold, 150), rounds: [150, 300, 140] },
      { ...measured(hrCold, 5000), rounds: [5000, 4000, 5200] },
    ])
  })

  it('takes the lower middle of an even number of rounds', () => {
    const figures = [measured(jsCold, 4), measured(jsCold, 1), measured(jsCold, 3), measured(jsCold, 2)]
    expect(medianRound(figures)).toEqual({ ...measured(jsCold, 2), rounds: [4, 1, 3, 2] })
  })
})
