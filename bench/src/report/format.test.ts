import { describe, expect, it } from 'vitest'
import {
  formatNs,
  formatNsShort,
  formatPercent,
  formatRate,
  formatRatio,
  formatRme,
  formatSeconds,
  trimZeros,
} from './format.js'

describe('format', () => {
  it('gives durations 3–4 significant digits with a fitting unit', () => {
    expect(formatNs(1.234)).toBe('1.23 ns')
    expect(formatNs(432.54)).toBe('432.5 ns')
    expect(formatNs(1234)).toBe('1.23 µs')
    expect(formatNs(11_500)).toBe('11.5 µs')
    expect(formatNs(2_699_473)).toBe('2.70 ms')
    expect(formatNs(3.2e9)).toBe('3.20 s')
    expect(formatNs(Number.NaN)).toBe('—')
  })

  it('gives rates with an SI prefix', () => {
    expect(formatRate(2_312_000)).toBe('2.31 M/s')
    expect(formatRate(87_300)).toBe('87.3 k/s')
    expect(formatRate(121_000)).toBe('121 k/s')
    expect(formatRate(37)).toBe('37.0 /s')
    expect(formatRate(5e9)).toBe('5.00 G/s')
  })

  it('formats ratios, errors, percentages and seconds', () => {
    expect(formatRatio(1)).toBe('1.00×')
    expect(formatRatio(26.52)).toBe('26.5×')
    expect(formatRatio(456.2)).toBe('456×')
    expect(formatRme(8.84)).toBe('±8.8%')
    expect(formatRme(34.2)).toBe('±34%')
    expect(formatRme(null)).toBe('—')
    expect(formatPercent(0.1234)).toBe('12.3%')
    expect(formatSeconds(4.25)).toBe('4.3 s')
    expect(formatSeconds(185)).toBe('3 min 05 s')
  })
  it('trims trailing zeros for ticks', () => {
    expect(trimZeros('100.0 ns')).toBe('100 ns')
    expect(trimZeros('1.00 µs')).toBe('1 µs')
    expect(trimZeros('1.50 µs')).toBe('1.5 µs')
    expect(trimZeros('0.00 ns')).toBe('0 ns')
    expect(trimZeros('100 ns')).toBe('100 ns')
    expect(trimZeros('20.0%')).toBe('20%')
    expect(trimZeros('1.10×')).toBe('1.1×')
  })
  it('gives bar labels three significant digits', () => {
    expect(formatNsShort(2.4)).toBe('2.40 ns')
    expect(formatNsShort(245.8)).toBe('246 ns')
    expect(formatNsShort(1790)).toBe('1.79 µs')
    expect(formatNsShort(178_200_000)).toBe('178 ms')
  })
})
