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

/** Each formatter with the figures it is given and the text it must write for each. */
const CASES: Array<[string, (value: never) => string, Array<[unknown, string]>]> = [
  [
    'gives durations 3–4 significant digits with a fitting unit',
    formatNs,
    [
      [1.234, '1.23 ns'],
      [432.54, '432.5 ns'],
      [1234, '1.23 µs'],
      [11_500, '11.5 µs'],
      [2_699_473, '2.70 ms'],
      [3.2e9, '3.20 s'],
      [Number.NaN, '—'],
    ],
  ],
  [
    'gives rates with an SI prefix',
    formatRate,
    [
      [2_312_000, '2.31 M/s'],
      [87_300, '87.3 k/s'],
      [121_000, '121 k/s'],
      [37, '37.0 /s'],
      [5e9, '5.00 G/s'],
    ],
  ],
  [
    'formats ratios',
    formatRatio,
    [
      [1, '1.00×'],
      [26.52, '26.5×'],
      [456.2, '456×'],
    ],
  ],
  [
    'formats errors',
    formatRme,
    [
      [8.84, '±8.8%'],
      [34.2, '±34%'],
      [null, '—'],
    ],
  ],
  ['formats percentages', formatPercent, [[0.1234, '12.3%']]],
  [
    'formats seconds',
    formatSeconds,
    [
      [4.25, '4.3 s'],
      [185, '3 min 05 s'],
    ],
  ],
  [
    'trims trailing zeros for ticks',
    trimZeros,
    [
      ['100.0 ns', '100 ns'],
      ['1.00 µs', '1 µs'],
      ['1.50 µs', '1.5 µs'],
      ['0.00 ns', '0 ns'],
      ['100 ns', '100 ns'],
      ['20.0%', '20%'],
      ['1.10×', '1.1×'],
    ],
  ],
  [
    'gives bar labels three significant digits',
    formatNsShort,
    [
      [2.4, '2.40 ns'],
      [245.8, '246 ns'],
      [1790, '1.79 µs'],
      [178_200_000, '178 ms'],
      [Number.POSITIVE_INFINITY, '—'],
    ],
  ],
]

describe('format', () => {
  it.each(CASES)('%s', (_, format, cases) => {
    for (const [value, text] of cases) expect(format(value as never), String(value)).toBe(text)
  })
})
