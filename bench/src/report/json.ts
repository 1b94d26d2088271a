/** The JSON document of a run: every figure, the settings and the machine, for later comparison. */
import type { BackendName } from '@chash/core'
import type { PlacementBalance } from '../balance.js'
import { BATCH, KEY_SET } from '../keys.js'
import type { MachineInfo } from '../machine.js'
import type { Measurement } from '../model.js'
import type { Mode } from '../modes.js'
import type { RawBenchDocument } from '../raw-rust.js'
import type { FailedCase } from '../runner.js'
import type { TargetResult } from '../targets.js'

/** Everything a run produced. */
export interface RunReport {
  schema: 'chash-bench/1'
  mode: Mode['name']
  machine: MachineInfo
  backends: {
    available: BackendName[]
    /** Why each missing backend did not load. */
    missing: Partial<Record<BackendName, string>>
  }
  settings: {
    keyRule: string
    keySet: number
    batch: number
    vnodes: number
    consumers: number[]
    keyLengths: number[]
    hashKeyLengths: number[]
    benchmarkMaxTimeSeconds: number
    benchmarkMinSamples: number
    /** How the cases were run; absent in runs from before each contender had a process of its own. */
    isolation?: string
  }
  durations: {
    totalSeconds: number
    rawSeconds: number | null
    casesSeconds: number
    balanceSeconds: number
    /** Seconds each contender's process spent timing its cases (without starting up). */
    contenderSeconds?: Record<string, number>
  }
  /** Figures in nanoseconds per op (per key for batches). */
  measurements: Measurement[]
  failures: FailedCase[]
  /** raw_bench's own document, including the figures with no JavaScript counterpart (replace_one, memory). */
  raw: RawBenchDocument | { unavailable: string }
  balance: PlacementBalance[]
  targets: TargetResult[]
}

/** How the cases are run, as the JSON and the markdown report say it. */
export const ISOLATION =
  'Each contender runs in its own Node process (node --expose-gc), so the JIT is not shared: no ' +
  "contender's call sites carry type feedback from another's engine or hasher, as in an " +
  'application that uses one backend.'

/** The settings block of a mode. */
export function settingsOf(mode: Mode): RunReport['settings'] {
  return {
    keyRule: "key k of length L is the decimal k left-padded with '0' to L characters, k in 0 … 999,999",
    keySet: KEY_SET,
    batch: BATCH,
    vnodes: 160,
    consumers: mode.consumers,
    keyLengths: mode.keyLengths,
    hashKeyLengths: mode.hashKeyLengths,
    benchmarkMaxTimeSeconds: mode.maxTime,
    benchmarkMinSamples: mode.minSamples,
    isolation: ISOLATION,
  }
}

/** The report as indented JSON with figures rounded to 4 significant digits (more is noise). */
export function reportJson(report: RunReport): string {
  return `${JSON.stringify(
    report,
    (_key, value: unknown) =>
      typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value,
    2,
  )}\n`
}
