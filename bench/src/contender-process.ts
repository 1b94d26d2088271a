/**
 * The parent side of the run: starts one Node process per contender (`node --expose-gc cli.js …
 * --contender NAME --emit-json FILE`), passes its progress lines through as they come and reads the
 * figures it wrote.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { BenchCase } from './cases.js'
import { type ContenderResult, type ContenderRun, mergeResults, splitByContender } from './contender-runs.js'
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
}

/**
 * Times the cases contender by contender, each in a process of its own, and merges the figures
 * into the order of `cases`. Throws if a process fails or times other cases than planned.
 */
export async function timeInOwnProcesses(
  cases: readonly BenchCase[],
  args: readonly string[],
  log: (line: string) => void,
): Promise<IsolatedRun> {
  const results: ContenderResult[] = []
  for (const run of splitByContender(cases)) results.push(await timeInOwnProcess(run, args, log))
  return {
    ...mergeResults(cases, results),
    contenderSeconds: Object.fromEntries(results.map((r) => [r.contender, r.seconds])),
  }
}
