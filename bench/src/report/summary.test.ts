import { describe, expect, it } from 'vitest'
import { measurement as m } from '../test/measurement.js'
import { backendAdvice, headlineTable } from './summary.js'

const all = [
  m('chash native', 'lookup', 100),
  m('chash wasm', 'lookup', 130),
  m('chash js', 'lookup', 400),
  m('hashring', 'lookup', 5000),
  m('chash native', 'lookup-many', 30),
  m('chash wasm', 'lookup-many', 50),
  m('chash js', 'lookup-many', 450),
  m('chash js', 'lookup', 999, 10, 22), // not the headline size: ignored
  m('chash js', 'hash-xxh3', 50, null, 22),
]

describe('backendAdvice', () => {
  it('picks the fastest backend for single lookups, batches and browsers', () => {
    const [single, batch, browser] = backendAdvice(all, ['native', 'wasm', 'js'])
    expect(single).toContain('native 100.0 ns, wasm 130.0 ns (1.30× native), js 400.0 ns (4.00× native)')
    expect(single).toContain('Pick **native**, 50.0× faster than hashring')
    expect(batch).toContain('Pick **native**')
    expect(batch).toContain('a batch takes 0.30× on native, 0.38× on wasm, 1.13× on js the time')
    expect(batch).toContain('Batching pays on native and wasm')
    expect(browser).toContain('Pick **wasm**')
    expect(browser).not.toContain('native 100')
  })

  it('says which backends were missing', () => {
    const advice = backendAdvice(all, ['js'])
    expect(advice[0]).toContain('Not available in this run: native, wasm')
    expect(advice.join('\n')).toContain('saves nothing')
  })
})

describe('headlineTable', () => {
  it('has one row per operation at 1,000 consumers and 22-byte keys, one column per contender', () => {
    const t = headlineTable(all)
    expect(t.columns.map((c) => c.header)).toEqual([
      'operation',
      'chash native',
      'chash wasm',
      'chash js',
      'hashring',
    ])
    expect(t.rows.map((r) => r[0])).toEqual([
      'getConsumer, cold keys',
      'getConsumerMany, per key',
      'xxh3 (key hash alone)',
    ])
    expect(t.rows[0]).toEqual(['getConsumer, cold keys', '100.0 ns', '130.0 ns', '400.0 ns', '5.00 µs'])
  })
})

describe('backendAdvice without figures', () => {
  it('says nothing it cannot back with a figure', () => {
    expect(backendAdvice([], ['native', 'wasm', 'js'])).toEqual([])
  })
})
