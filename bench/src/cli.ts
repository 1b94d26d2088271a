/**
 * `pnpm --filter @chash/bench bench` (full) and `bench:quick` (CI). Runs raw_bench, checks the
 * contenders agree, times every case, each contender in a Node process of its own (this command
 * again, with --contender), measures balance and movement, then prints the tables and writes
 * bench/results/{latest|quick}.{json,svg,md}.
 *
 * Flags: --quick; --require-all (exit 1 if the native or wasm backend or raw Rust is missing);
 * --filter TEXT (time only the cases whose label contains TEXT, skip raw Rust (but for its headline
 * lookup in the rounds, if a selected case is timed in them) and balance, write no files: for
 * working on one case); --from-json FILE (print a saved run and rewrite its files
 * from its figures, after a change to the reports, without timing anything). Internal:
 * --contender NAME --emit-json FILE [--case LABEL …] (time only that contender's cases, or only
 * those labelled, write them to FILE). The single-call targets' cases are timed after the rest, in
 * rounds (contender-process.ts).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { availableBackends, type BackendName, ConsistentHashRing } from '@chash/core'
import { checkAgreement } from './agreement.js'
import { measureBalance, type PlacementBalance } from './balance.js'
import { buildCases, caseLabel, selectCases } from './cases.js'
import { timeOneContender } from './contender-child.js'
import { type IsolatedRun, timeInOwnProcesses } from './contender-process.js'
import { loadContenders } from './contenders.js'
import { KeyStore } from './keys.js'
import { busyWarning, describeMachine, loadAverage, machineLine } from './machine.js'
import type { Measurement } from './model.js'
import { FULL, QUICK } from './modes.js'
import {
  buildRawBench,
  HEADLINE_LOOKUP,
  type RawBuild,
  type RawOutcome,
  rawMeasurements,
  runBuiltRawBench,
  runRawBench,
  withRoundFigures,
} from './raw-rust.js'
import { chartSvg } from './report/chart.js'
import { formatSeconds } from './report/format.js'
import { type RunReport, reportJson, settingsOf } from './report/json.js'
import { readmeSection, replaceReadmeSection, reportMarkdown } from './report/markdown.js'
import { balanceTable, PERFORMANCE_LEGEND, performanceTables, targetsTable } from './report/sections.js'
import { backendAdvice, headlineTable } from './report/summary.js'
import { renderText } from './report/table.js'
import { checkTargets, timedInRounds } from './targets.js'

const ALL_BACKENDS: readonly BackendName[] = ['native', 'wasm', 'js']
// The backends --require-all insists on (js is always there).
const REQUIRED: readonly BackendName[] = ['native', 'wasm']
// In each table: our backends, then raw Rust, then the peers.
const KIND_ORDER = { ours: 0, raw: 1, peer: 2 } as const

const log = (line = '') => console.log(line)
const seconds = (since: number) => (performance.now() - since) / 1000

/** Why a backend does not load (the error @chash/core gives when it is asked for by name). */
function whyMissing(backend: BackendName): string {
  try {
    new ConsistentHashRing({ backend })
    return 'loads'
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return /: (.*?)\. Available backends/.exec(message)?.[1] ?? message
  }
}

/** Whether raw_bench built, after saying why not if it did not. */
function reportBuild(build: RawBuild): boolean {
  if (!build.ok) log(`raw Rust: not available — ${build.reason}`)
  return build.ok
}

/** Markdown emphasis and code marks stripped, for the terminal. */
function plain(markdown: string): string {
  return markdown.replace(/\*\*|`/g, '').replace(/^_(.*)_$/, '$1')
}

/** Writes a file through a temporary name, so a reader never sees half a file. */
function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text)
  renameSync(`${path}.tmp`, path)
}

/** Prints the tables, the targets and the advice of a run to the terminal. */
function printReport(report: RunReport): void {
  const { measurements, balance, targets } = report
  log()
  log(PERFORMANCE_LEGEND.join('\n'))
  for (const table of performanceTables(measurements)) log(`\n${renderText(table)}`)
  if (balance.length > 0) log(`\n${renderText(balanceTable(balance))}`)
  log(`\n${renderText(headlineTable(measurements))}`)
  log(`\n${renderText(targetsTable(targets))}`)
  log('\nWhich backend to pick')
  for (const paragraph of backendAdvice(measurements, report.backends.available)) log(`- ${plain(paragraph)}`)
}

/** Writes bench/results/{latest|quick}.{json,svg,md}, the JSON only for a new run, and for a full run the README's benchmark section. */
async function writeReports(report: RunReport, withJson: boolean): Promise<void> {
  const dir = new URL('../results/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  const name = report.mode === 'quick' ? QUICK.resultName : FULL.resultName
  const base = fileURLToPath(new URL(name, dir))
  const { machine } = report
  if (withJson) writeAtomically(`${base}.json`, reportJson(report))
  const subtitle = `${report.mode} mode · ${machine.date.slice(0, 10)} · ${machineLine(machine)}`
  writeAtomically(`${base}.svg`, await chartSvg(report.measurements, report.balance, subtitle))
  writeAtomically(`${base}.md`, reportMarkdown(report))
  log(`\nwrote bench/results/${name}.${withJson ? '{json,svg,md}' : '{svg,md}'}`)
  if (report.mode !== 'quick') {
    const readme = fileURLToPath(new URL('../../README.md', import.meta.url))
    writeAtomically(readme, replaceReadmeSection(readFileSync(readme, 'utf8'), readmeSection(report)))
    log("wrote README.md's benchmark section")
  }
}

/** Prints a saved run and rewrites its files from its figures. */
async function fromJson(path: string): Promise<number> {
  const report = JSON.parse(readFileSync(path, 'utf8')) as RunReport
  if (report.schema !== 'chash-bench/1') {
    console.error(`${path} is not a chash-bench/1 report`)
    return 1
  }
  // The verdicts are recomputed, so a change to the targets' wording reaches the saved run too.
  report.targets = checkTargets(report.measurements)
  printReport(report)
  await writeReports(report, true)
  return 0
}

async function main(): Promise<number> {
  const started = performance.now()
  const { values } = parseArgs({
    // pnpm 10 hands a literal `--` on to the script (`pnpm bench:quick -- --require-all`): ignore it.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      'require-all': { type: 'boolean', default: false },
      filter: { type: 'string' },
      'from-json': { type: 'string' },
      contender: { type: 'string' },
      'emit-json': { type: 'string' },
      case: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    log('usage: node dist/cli.js [--quick] [--require-all] [--filter TEXT] [--from-json FILE]')
    log(
      '       node dist/cli.js [--quick] [--filter TEXT] --contender NAME --emit-json FILE [--case LABEL …]  (internal)',
    )
    return 0
  }
  if (values['from-json'] !== undefined) return fromJson(values['from-json'])

  const mode = values.quick ? QUICK : FULL
  const filter = values.filter
  if (values.contender !== undefined) {
    if (values['emit-json'] === undefined) {
      console.error('--contender needs --emit-json FILE')
      return 1
    }
    return timeOneContender({
      mode,
      filter,
      contender: values.contender,
      emitJson: values['emit-json'],
      only: values.case,
    })
  }
  const machine = describeMachine()
  const available = availableBackends()
  const missing: Partial<Record<BackendName, string>> = {}
  for (const b of ALL_BACKENDS) if (!available.includes(b)) missing[b] = whyMissing(b)

  log(`chash benchmarks, ${mode.name} mode — ${machineLine(machine)}`)
  const missingText = Object.entries(missing).map(([b, why]) => `${b}: ${why}`)
  log(
    `backends: ${available.join(', ')}${missingText.length > 0 ? ` (not available: ${missingText.join('; ')})` : ''}`,
  )
  const busy = busyWarning(machine.loadAverage, machine.cores)
  if (busy !== undefined) log(`note: ${busy}`)
  const requiredMissing = REQUIRED.filter((b) => !available.includes(b))
  if (values['require-all'] && requiredMissing.length > 0) {
    console.error(`--require-all: not available: ${requiredMissing.join(', ')}. Build them first.`)
    return 1
  }

  // Raw Rust first, before our own work loads the CPU.
  let raw: RawOutcome = { ok: false, reason: 'skipped (--filter)' }
  let rawSeconds: number | null = null
  if (filter === undefined) {
    const rawStart = performance.now()
    raw = runRawBench(mode.rawArgs, log)
    rawSeconds = seconds(rawStart)
    log(
      raw.ok
        ? `raw Rust: built in ${formatSeconds(raw.buildSeconds)}, ran in ${formatSeconds(raw.runSeconds)}`
        : `raw Rust: not available — ${raw.reason}`,
    )
    if (!raw.ok && values['require-all']) {
      console.error(
        '--require-all: raw Rust figures are missing, so the native-vs-raw target cannot be checked.',
      )
      return 1
    }
  }

  const problems = await checkAgreement(available)
  if (problems.length > 0) {
    console.error(
      `The contenders disagree, so timing them would compare different work:\n  ${problems.join('\n  ')}`,
    )
    return 1
  }
  log('agreement: every contender computes the values it is compared on')

  // The parent only plans the cases (nothing is prepared here); each contender's process times its own.
  const contenders = await loadContenders(available)
  const cases = selectCases(buildCases(mode, contenders, new KeyStore()), filter)
  const childArgs = [
    ...(values.quick ? ['--quick'] : []),
    ...(filter === undefined ? [] : [`--filter=${filter}`]),
  ]
  // raw Rust's lookup is timed again in each round, so the targets against it compare figures
  // timed seconds apart, as those against consistent-hash do.
  const rawInRound = (roundLog: (line: string) => void): Measurement[] => {
    const round = runBuiltRawBench([HEADLINE_LOOKUP, ...mode.rawArgs], roundLog)
    if (!round.ok) throw new Error(`raw Rust in a round: ${round.reason}`)
    const note = `chash_core without bindings; raw_bench ${HEADLINE_LOOKUP} (median of ${round.document.rounds} passes) at the start of each round`
    const figures = rawMeasurements(round.document, mode).map((m) => ({ ...m, note }))
    for (const m of figures) roundLog(`${caseLabel(m)}  ${m.ns.toFixed(1)} ns/op`)
    return figures
  }
  // A filtered run skips raw Rust up front but still times it in the rounds, so the single-call
  // targets can be checked in a few minutes (--filter "getConsumer, cold keys · 1000 consumers · 22 B").
  const rawInRounds =
    filter === undefined ? raw.ok : cases.some(timedInRounds) && reportBuild(buildRawBench(log))
  const casesStart = performance.now()
  let run: IsolatedRun
  try {
    run = await timeInOwnProcesses(
      cases,
      childArgs,
      { count: mode.rounds, includes: timedInRounds, ...(rawInRounds ? { alongside: rawInRound } : {}) },
      log,
    )
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    return 1
  }
  const casesSeconds = seconds(casesStart)
  const inRounds = cases.filter(timedInRounds).length
  log(
    `timed ${cases.length} cases in ${formatSeconds(casesSeconds)}, each contender in a process of its own` +
      (inRounds > 0 ? ` (${inRounds} of them in ${mode.rounds} rounds)` : ''),
  )

  const measurements: Measurement[] = [
    ...run.measurements,
    ...withRoundFigures(raw.ok ? rawMeasurements(raw.document, mode) : [], run.alongside),
  ]
  measurements.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]) // stable: keeps each kind's order

  const balanceStart = performance.now()
  const balance: PlacementBalance[] = filter === undefined ? measureBalance(available[0]) : []
  const balanceSeconds = seconds(balanceStart)

  machine.loadAverageAtEnd = loadAverage()
  const totalSeconds = seconds(started)
  const report: RunReport = {
    schema: 'chash-bench/1',
    mode: mode.name,
    machine,
    backends: { available, missing },
    settings: settingsOf(mode),
    durations: {
      totalSeconds,
      rawSeconds,
      casesSeconds,
      balanceSeconds,
      contenderSeconds: run.contenderSeconds,
    },
    measurements,
    failures: run.failures,
    raw: raw.ok ? raw.document : { unavailable: raw.reason },
    balance,
    targets: checkTargets(measurements),
  }
  printReport(report)
  if (filter === undefined) await writeReports(report, true)
  log(
    `total ${formatSeconds(totalSeconds)} (raw Rust ${rawSeconds === null ? '—' : formatSeconds(rawSeconds)}, ` +
      `cases ${formatSeconds(casesSeconds)}, balance ${formatSeconds(balanceSeconds)})`,
  )
  if (run.failures.length > 0) {
    console.error(`${run.failures.length} case(s) failed; see above.`)
    return 1
  }
  return 0
}

process.exitCode = await main()
