/**
 * The cases split into one run per contender, each timed in a Node process of its own so that no
 * contender's call sites carry the JIT's type feedback of another (users run one backend per
 * process), and the results of those processes merged back into the order of the case list.
 */
import { type BenchCase, caseLabel } from './cases.js'
import { type GroupKey, groupId, type Measurement } from './model.js'
import type { FailedCase, RunResult } from './runner.js'

/** The cases one contender's process times; `first` numbers its first progress line in the run. */
export interface ContenderRun {
  contender: string
  cases: BenchCase[]
  first: number
}

/** What a contender's process writes for the parent (`--emit-json`). */
export interface ContenderResult {
  schema: 'chash-bench-contender/1'
  contender: string
  measurements: Measurement[]
  failures: FailedCase[]
  /** How long the process took to time its cases. */
  seconds: number
}

/**
 * The cases grouped by the contender whose process times them, contenders in the order they first
 * appear; progress lines are numbered through the runs in that order. The parent and each child
 * compute this from the same case list, so they agree on who times what.
 */
export function splitByContender(cases: readonly BenchCase[]): ContenderRun[] {
  const runs = new Map<string, BenchCase[]>()
  for (const c of cases) pushTo(runs, c.runsWith, c)
  let first = 0
  return [...runs].map(([contender, list]) => {
    const run = { contender, cases: list, first }
    first += list.length
    return run
  })
}

/** The identity of a case's result: its operation, size and table name. */
const resultId = (c: GroupKey & { contender: string }) => `${groupId(c)}|${c.contender}`

/**
 * The children's results in the order of `cases` (so the tables list contenders as before). Throws
 * when a case has no result, several, or a result belongs to no case: the children then timed
 * something other than what the parent planned.
 */
export function mergeResults(
  cases: ReadonlyArray<GroupKey & { contender: string }>,
  results: readonly ContenderResult[],
): RunResult {
  const found = new Map<string, { measurement?: Measurement; failure?: FailedCase }>()
  const add = (id: string, entry: { measurement?: Measurement; failure?: FailedCase }) => {
    if (found.has(id)) throw new Error(`two results for ${id}`)
    found.set(id, entry)
  }
  for (const result of results) {
    for (const measurement of result.measurements) add(resultId(measurement), { measurement })
    for (const failure of result.failures) add(resultId(failure), { failure })
  }
  const merged: RunResult = { measurements: [], failures: [] }
  for (const c of cases) {
    const id = resultId(c)
    const entry = found.get(id)
    if (entry === undefined) throw new Error(`no result for ${caseLabel(c)}`)
    found.delete(id)
    if (entry.measurement !== undefined) merged.measurements.push(entry.measurement)
    if (entry.failure !== undefined) merged.failures.push(entry.failure)
  }
  const extra = [...found.keys()]
  if (extra.length > 0) throw new Error(`results for cases that were not planned: ${extra.join(', ')}`)
  return merged
}

/**
 * One result per contender from the rounds' results (`perRound[r]`: round r's, one per contender):
 * each case's figure is that of its median round, with every round's time in `rounds`. A case
 * that failed in any round has its first failure and no figure.
 */
export function combineRounds(perRound: readonly (readonly ContenderResult[])[]): ContenderResult[] {
  const byContender = new Map<string, ContenderResult[]>()
  for (const result of perRound.flat()) pushTo(byContender, result.contender, result)
  return [...byContender].map(([contender, results]) => {
    const failures = new Map<string, FailedCase>()
    for (const f of results.flatMap((r) => r.failures))
      if (!failures.has(resultId(f))) failures.set(resultId(f), f)
    const figures = results.flatMap((r) => r.measurements).filter((m) => !failures.has(resultId(m)))
    return {
      schema: 'chash-bench-contender/1',
      contender,
      measurements: medianRounds(figures),
      failures: [...failures.values()],
      seconds: results.reduce((sum, r) => sum + r.seconds, 0),
    }
  })
}

/** Each case's median round ({@link medianRound}) from the figures of all rounds, cases in the order first seen. */
export function medianRounds(figures: readonly Measurement[]): Measurement[] {
  const byCase = new Map<string, Measurement[]>()
  for (const m of figures) pushTo(byCase, resultId(m), m)
  return [...byCase.values()].map(medianRound)
}

/** The median round's figure (the lower middle for an even count), with every round's time. */
export function medianRound(rounds: readonly Measurement[]): Measurement {
  const sorted = [...rounds].sort((a, b) => a.ns - b.ns)
  return { ...sorted[(sorted.length - 1) >> 1], rounds: rounds.map((m) => m.ns) }
}

/** Appends `value` to the list of `key` in `map`, in insertion order. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}
