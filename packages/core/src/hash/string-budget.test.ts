import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StringPathBudget } from './string-budget.js'

/** How many keys `budget` declines before it tries one again (each counted as a key). */
function skipped(budget: StringPathBudget): number {
  let n = 0
  while (!budget.tries() && n <= 4096) n++
  return n
}

describe('StringPathBudget: when a hasher reads a key from its code units', () => {
  it('stops for 16 keys at a waste with no credit, twice as many after each in a row, up to 1024', () => {
    for (let row = 1; row <= 8; row++) {
      const budget = new StringPathBudget()
      let skip = 0
      for (let i = 0; i < row; i++) {
        expect(budget.tries(), `row ${row}, waste ${i}`).toBe(true)
        budget.wasted()
        skip = Math.min(16 * 2 ** i, 1024)
        if (i < row - 1) for (let k = 0; k < skip; k++) expect(budget.tries()).toBe(false)
      }
      expect(skipped(budget), `${row} wastes in a row`).toBe(skip)
    }
  })

  it('lets credits from keys read cover wastes, three credits each, and keeps at most 16', () => {
    const budget = new StringPathBudget()
    for (let k = 0; k < 100; k++) budget.read()
    for (let i = 0; i < 5; i++) {
      budget.wasted() // 16 credits cover five
      expect(skipped(budget), `waste ${i}`).toBe(0)
    }
    budget.wasted()
    expect(skipped(budget)).toBe(16)
    budget.read()
    budget.read()
    budget.read()
    budget.wasted() // three credits cover one
    expect(skipped(budget)).toBe(0)
  })

  it('starts the stops over from 16 once its credits are full again', () => {
    const budget = new StringPathBudget()
    budget.wasted()
    expect(skipped(budget)).toBe(16)
    budget.wasted()
    expect(skipped(budget)).toBe(32)
    for (let k = 0; k < 15; k++) budget.read()
    budget.wasted() // 15 credits cover it: the next stop would still be 64
    expect(skipped(budget)).toBe(0)
    for (let k = 0; k < 5; k++) budget.wasted() // 12 credits cover four
    expect(skipped(budget)).toBe(64)
    for (let k = 0; k < 16; k++) budget.read()
    for (let k = 0; k < 6; k++) budget.wasted()
    expect(skipped(budget)).toBe(16)
  })

  it('pays for wasted keys with keys read, but for one key in 17 at most, in any workload', () => {
    // Each key: ASCII (read if tried), non-ASCII found late (wasted if tried), or found early.
    const workload = fc.array(fc.constantFrom('ascii', 'late', 'early'), { maxLength: 3000 })
    fc.assert(
      fc.property(workload, (keys) => {
        const budget = new StringPathBudget()
        let reads = 0
        let wastes = 0
        // Wastes the credits did not cover: the key after them was declined.
        let stops = 0
        let lastWasted = false
        for (const key of [...keys, 'after']) {
          const tried = budget.tries()
          if (lastWasted && !tried) stops++
          lastWasted = false
          if (!tried) continue
          if (key === 'ascii') {
            budget.read()
            reads++
          } else if (key === 'late') {
            budget.wasted()
            wastes++
            lastWasted = true
          }
        }
        expect(stops).toBeLessThanOrEqual(Math.ceil(keys.length / 17))
        expect(3 * (wastes - stops)).toBeLessThanOrEqual(reads)
      }),
    )
  })
})
