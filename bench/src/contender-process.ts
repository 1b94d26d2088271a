/**
 * The parent side of the run: starts one Node process per contender (`node --expose-gc cli.js …
 * --contender NAME --emit-json FILE`), passes its progress lines through as they come and reads the
 * figures it wrote. The cases of the single-call targets come after the rest, in rounds: each
 * round starts a fresh process per contender (`--case LABEL` for each of its cases).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { type BenchCase, caseLabel } from './cases.js'
import {
  type ContenderResult,
  type ContenderRun,
  combineRounds,
  medianRounds,
  mergeResults,
  splitByContender,
} from './contender-runs.js'
import type { Measurement } from './model.js'
import type { RunResult } from './runner.js'

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url))

/** What a child's process ended with. */
interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
}

/** Runs the command in a child, each stdout line to `log`; resolves when the process has ended. */
function runChild(args: readonly string[], log: (line: string) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const stderr: string[] = []
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk))
    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY })
    lines.on('line', log)
    child.on('error', reject)
    // 'close' comes after both pipes have ended, so every line has been logged by then.
    child.on('close', (code, signal) => resolve({ code, signal, stderr: stderr.join('') }))
  })
}

/**
 * Times one contender's cases in a process of its own. `args` are the flags the child shares with
 * the parent (the mode, the filter). Throws, with the child's stderr, if the child fails.
 */
async function timeInOwnProcess(
  run: ContenderRun,
  args: readonly string[],
  log: (line: string) => void,
): Promise<ContenderResult> {
  const dir = mkdtempSync(join(tmpdir(), 'chash-bench-'))
  try {
    const file = join(dir, 'result.json')
    const exit = await runChild([...args, `--contender=${run.contender}`, `--emit-json=${file}`], log)
    if (exit.stderr !== '' && exit.code === 0) process.stderr.write(exit.stderr)
    if (exit.code !== 0) {
      const how = exit.signal === null ? `exited with code ${exit.code}` : `was killed by ${exit.signal}`
      throw new Error(`the process timing ${run.contender} ${how}:\n${exit.stderr.trimEnd()}`)
    }
    const result = JSON.parse(readFileSync(file, 'utf8')) as ContenderResult
    if (result.schema !== 'chash-bench-contender/1' || result.contender !== run.contender)
      throw new Error(`the process timing ${run.contender} wrote no result of its own`)
    return result
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The figures of every case, and the seconds each contender's process spent timing. */
export interface IsolatedRun extends RunResult {
  contenderSeconds: Record<string, number>
  /** The median rounds of {@link Rounds.alongside}'s figures, with every round's time. */
  alongside: Measurement[]
}

/** Which cases are timed in rounds, and how many rounds. */
export interface Rounds {
  count: number
  includes(c: BenchCase): boolean
  /**
   * Figures taken at the start of each round, outside the case list (raw Rust's `lookup`, the
   * divisor of the single-call targets), so that they too are compared round by round.
   */
  alongside?: (log: (line: string) => void) => Measurement[]
}

/**
 * Times the cases contender by contender, each in a process of its own, then the cases of
 * `rounds` in `rounds.count` rounds (each starting with `rounds.alongside`), and merges the
 * figures into the order of `cases` (a case of the rounds with its median round's). Throws if a
 * process fails or times other cases than planned.
 */
export async function timeInOwnProcesses(
  cases: readonly BenchCase[],
  args: readonly string[],
  rounds: Rounds,
  log: (line: string) => void,
): Promise<IsolatedRun> {
  const results: ContenderResult[] = []
  // A child leaves out the cases of the rounds unless given them with --case, as in each round.
  for (const run of splitByContender(cases.filter((c) => !rounds.includes(c))))
    results.push(await timeInOwnProcess(run, args, log))
  const inRounds = splitByContender(cases.filter((c) => rounds.includes(c)))
  const perRound: ContenderResult[][] = []
  const alongside: Measurement[] = []
  for (let r = 1; r <= rounds.count; r++) {
    const roundLog = (line: string) => log(`round ${r}/${rounds.count} ${line}`)
    if (rounds.alongside !== undefined) alongside.push(...rounds.alongside(roundLog))
    const round: ContenderResult[] = []
    for (const run of inRounds) {
      const only = run.cases.map((c) => `--case=${caseLabel(c)}`)
      round.push(await timeInOwnProcess(run, [...args, ...only], roundLog))
    }
    perRound.push(round)
  }
  const seconds = new Map<string, number>()
  for (const result of [...results, ...perRound.flat()])
    seconds.set(result.contender, (seconds.get(result.contender) ?? 0) + result.seconds)
  return {
    ...mergeResults(cases, [...results, ...combineRounds(perRound)]),
    contenderSeconds: Object.fromEntries(seconds),
    alongside: medianRounds(alongside),
  }
}
