/**
 * Times the cases with benchmark.js, one at a time and synchronously, printing a progress line
 * after each.
 */
import Benchmark from 'benchmark'
import { type BenchCase, caseLabel } from './cases.js'
import { type Measurement, OPERATION_INFO } from './model.js'
import type { Mode } from './modes.js'
import { formatNs, formatRme } from './report/format.js'

/** A case that threw instead of giving a figure. */
export interface FailedCase {
  op: BenchCase['op']
  consumers: number | null
  keyLen: number | null
  contender: string
  error: string
}

/** What a run of the cases gives. */
export interface RunResult {
  measurements: Measurement[]
  failures: FailedCase[]
}

// With --expose-gc the runner collects garbage after preparing a case and before timing it, so the
// garbage of earlier cases, and the promotion of the key sets and rings just built, are not paid
// during the timing.
const collectGarbage = (globalThis as { gc?: () => void }).gc

/** The progress line of one finished case. */
export function progressLine(
  index: number,
  total: number,
  c: BenchCase,
  result: Measurement | string,
): string {
  const width = String(total).length
  const head = `[${String(index + 1).padStart(width)}/${total}] ${caseLabel(c)}`
  if (typeof result === 'string') return `${head}  FAILED: ${result}`
  const per = OPERATION_INFO[c.op].per
  return `${head}  ${formatNs(result.ns)}/${per} ${formatRme(result.rme)} (${result.samples} samples)`
}

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Times one case with benchmark.js; figures of batch cases are divided into per-key figures. */
export function timeCase(c: BenchCase, mode: Pick<Mode, 'maxTime' | 'minSamples'>): Measurement {
  const fn = c.prepare()
  collectGarbage?.()
  // No setup/teardown options: benchmark.js then calls `fn` from its loop instead of recompiling
  // its source, so the closures keep their state.
  const bench = new Benchmark(`${c.op} ${c.contender}`, fn, {
    maxTime: mode.maxTime,
    minSamples: mode.minSamples,
  })
  bench.run()
  if (bench.error) throw bench.error
  const stats = bench.stats
  // Each sample is the mean time of one call over a cycle of at least 50 ms, in seconds.
  const seconds = median(stats.sample as number[])
  return {
    op: c.op,
    consumers: c.consumers,
    keyLen: c.keyLen,
    contender: c.contender,
    kind: c.kind,
    ns: (seconds * 1e9) / c.keysPerCall,
    meanNs: (stats.mean * 1e9) / c.keysPerCall,
    perSecond: c.keysPerCall / seconds,
    rme: stats.rme,
    samples: stats.sample.length,
    ...(c.note === undefined ? {} : { note: c.note }),
  }
}

/** How the progress lines of a part of a run are numbered: the first one's index, and of how many. */
export interface Numbering {
  first: number
  total: number
}

/**
 * Runs every case in order; a case that throws is reported and the run goes on. The progress lines
 * count from `numbering.first` of `numbering.total` (by default, these cases are the whole run).
 */
export function runCases(
  cases: readonly BenchCase[],
  mode: Pick<Mode, 'maxTime' | 'minSamples'>,
  log: (line: string) => void,
  numbering: Numbering = { first: 0, total: cases.length },
): RunResult {
  const measurements: Measurement[] = []
  const failures: FailedCase[] = []
  cases.forEach((c, i) => {
    const index = numbering.first + i
    try {
      const m = timeCase(c, mode)
      measurements.push(m)
      log(progressLine(index, numbering.total, c, m))
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      failures.push({
        op: c.op,
        consumers: c.consumers,
        keyLen: c.keyLen,
        contender: c.contender,
        error: message,
      })
      log(progressLine(index, numbering.total, c, message))
    }
  })
  return { measurements, failures }
}
