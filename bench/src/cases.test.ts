import { describe, expect, it } from 'vitest'
import { buildCases, HOT_KEYS } from './cases.js'
import type { Contender } from './contenders.js'
import { BATCH, KeyStore } from './keys.js'
import { OPERATIONS } from './model.js'
import { FULL, QUICK } from './modes.js'

// Contenders whose factories record what they were given instead of building anything.
const seen: Array<{ name: string; what: string; size: number }> = []
const record = (name: string, what: string, size: number) => {
  seen.push({ name, what, size })
  return () => {}
}
const fake = (name: string, kind: Contender['kind']): Contender => ({
  name,
  kind,
  build: (n) => record(name, 'build', n),
  lookup: (_n, keys) => record(name, 'lookup', keys.length),
  replicas3: () => () => {},
  lookupMany: (_n, batches) => record(name, 'many', batches[0]?.length ?? 0),
  lookupPacked: (_n, batches) => record(name, 'packed', batches[0]?.length ?? 0),
  jump: () => () => {},
  jumpMany: () => () => {},
  hashXxh3: () => () => {},
  hashXxh64: () => () => {},
  memento: () => () => {},
  mementoMany: () => () => {},
})

describe('buildCases', () => {
  const store = new KeyStore(BATCH * 2)

  it('quick mode has every operation, and 1,000 consumers with 22-byte keys', () => {
    const cases = buildCases(QUICK, [fake('chash js', 'ours')], store)
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(OPERATIONS))
    expect(cases.some((c) => c.op === 'lookup' && c.consumers === 1000 && c.keyLen === 22)).toBe(true)
  })

  it('full mode has every size', () => {
    const lookups = buildCases(FULL, [fake('chash js', 'ours')], store).filter((c) => c.op === 'lookup')
    expect(lookups.map((c) => `${c.consumers}/${c.keyLen}`)).toEqual([
      '10/8',
      '10/22',
      '10/100',
      '100/8',
      '100/22',
      '100/100',
      '1000/8',
      '1000/22',
      '1000/100',
    ])
  })

  it('names hashring honestly on repeated keys and gives it only the hot keys', () => {
    const cases = buildCases(QUICK, [fake('hashring', 'peer')], store)
    const hot = cases.filter((c) => c.op === 'lookup-hot')
    expect(hot.map((c) => c.contender)).toEqual(['hashring (LRU cache hit)'])
    seen.length = 0
    hot[0].prepare()
    expect(seen).toEqual([{ name: 'hashring', what: 'lookup', size: HOT_KEYS }])
  })

  it('counts batch cases per key', () => {
    const many = buildCases(QUICK, [fake('chash js', 'ours')], store).filter((c) => c.op === 'lookup-many')
    expect(many.every((c) => c.keysPerCall === BATCH)).toBe(true)
    seen.length = 0
    many[0].prepare()
    expect(seen).toEqual([{ name: 'chash js', what: 'many', size: BATCH }])
    const packed = buildCases(QUICK, [fake('chash js', 'ours')], store).filter(
      (c) => c.op === 'lookup-packed',
    )
    expect(packed.length).toBeGreaterThan(0)
    expect(packed.every((c) => c.keysPerCall === BATCH)).toBe(true)
    seen.length = 0
    packed[0].prepare()
    expect(seen).toEqual([{ name: 'chash js', what: 'packed', size: BATCH }])
  })

  it('skips operations a contender does not have', () => {
    const onlyHash: Contender = { name: 'h', kind: 'peer', hashXxh3: () => () => {} }
    const cases = buildCases(QUICK, [onlyHash], store)
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(['hash-xxh3']))
  })
})
