import { describe, expect, it } from 'vitest'
import { escapeXml, linearTicks, logTicks, type Panel, renderChart, usesLogScale } from './svg.js'

const panel = (values: Array<Array<number | undefined>>, scale?: Panel['scale']): Panel => ({
  title: 'lookup <cold> & more',
  axisLabel: 'ns per op',
  series: [
    { name: 'chash js', color: '#e6ab02' },
    { name: 'hashring', color: '#666666' },
  ],
  groups: values.map((v, i) => ({ label: `size ${i}`, values: v })),
  scale,
})

/** Every opened tag is closed in order (enough to catch a malformed writer). */
function balanced(svg: string): boolean {
  const stack: string[] = []
  for (const [, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue
    if (close) {
      if (stack.pop() !== name) return false
    } else stack.push(name)
  }
  return stack.length === 0
}

describe('scales', () => {
  it('log ticks are the powers of ten around the values', () => {
    expect(logTicks(3, 4500)).toEqual([1, 10, 100, 1000, 10000])
    expect(logTicks(20, 30)).toEqual([10, 100])
    expect(() => logTicks(0, 1)).toThrow(RangeError)
  })

  it('linear ticks use a nice step and reach the maximum', () => {
    expect(linearTicks(0, 0.93)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(linearTicks(1, 1.42)).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5])
  })

  it('auto switches to log when values span more than 20×', () => {
    expect(usesLogScale(panel([[10, 5000]]))).toBe(true)
    expect(usesLogScale(panel([[10, 150]]))).toBe(false)
    expect(usesLogScale(panel([[10, 5000]], 'linear'))).toBe(false)
  })
})

describe('renderChart', () => {
  const svg = renderChart(
    [
      panel([
        [432, 11500],
        [300, undefined],
      ]),
    ],
    'Title & co',
    'sub <1>',
  )

  it('is a balanced SVG document with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expect(balanced(svg)).toBe(true)
    expect(svg).toContain('Title &amp; co')
    expect(svg).toContain('lookup &lt;cold&gt; &amp; more')
    expect(svg).not.toContain('<cold>')
  })

  it('draws one bar per value, with its figure as a tooltip, on a log axis', () => {
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3)
    expect(svg).toContain('<title>hashring · size 0: 11500</title>')
    expect(svg).toContain('(log scale)')
  })

  it('formats ticks with tickFormat and splits group labels at " · "', () => {
    const svg2 = renderChart(
      [
        {
          ...panel([[10, 5000]]),
          tickFormat: (v) => `t${v}`,
          groups: [{ label: 'a · b', values: [10, 5000] }],
        },
      ],
      't',
      's',
    )
    expect(svg2).toContain('>t1000</text>')
    expect(svg2).toMatch(/<tspan [^>]*>a<\/tspan><tspan [^>]*dy="13">b<\/tspan>/)
  })

  it('escapes every XML special character', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;')
  })
})
