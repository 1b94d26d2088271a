import { describe, expect, it } from 'vitest'
import { README_MARKERS, replaceReadmeSection } from './markdown.js'

const { start, end } = README_MARKERS

describe("the README's benchmark section", () => {
  it('replaces only what lies between the markers', () => {
    const readme = `# t\n\nintro\n${start}\nold figures\nmore\n${end}\n\n## Layout\n`
    expect(replaceReadmeSection(readme, 'new figures\n\n')).toBe(
      `# t\n\nintro\n${start}\nnew figures\n${end}\n\n## Layout\n`,
    )
  })

  it('is idempotent', () => {
    const readme = `${start}\nx\n${end}\n`
    const once = replaceReadmeSection(readme, 'y')
    expect(replaceReadmeSection(once, 'y')).toBe(once)
  })

  it('refuses a README without the markers, or with them swapped', () => {
    expect(() => replaceReadmeSection('# t\n', 'y')).toThrow(/needs the lines/)
    expect(() => replaceReadmeSection(`${end}\n${start}\n`, 'y')).toThrow(/in that order/)
  })
})
