/**
 * The child side of the run (`--contender NAME --emit-json FILE`): times the cases of one
 * contender in this process, which times nothing else, printing a progress line after each, and
 * writes the figures as JSON for the parent. Without `--case` those are its cases outside the
 * rounds ({@link timedInRounds}); with it, the cases so labelled (one round's).
 */
import { writeFileSync } from 'node:fs'
import { availableBackends } from '@chash/core'
import { buildCases, caseLabel, selectCases } from './cases.js'
import type { ContenderResult } from './contender-runs.js'
import { splitByContender } from './contender-runs.js'
import { loadContenders } from './contenders.js'
import { KeyStore } from './keys.js'
import type { Mode } from './modes.js'
import { runCases } from './runner.js'
import { timedInRounds } from './targets.js'

/** What the parent tells a child. */
export interface ChildOptions {
  mode: Mode
  filter: string | undefined
  /** The contender to time, as in {@link ContenderRun.contender}. */
  contender: string
  /** Where to write the {@link ContenderResult}. */
  emitJson: string
  /** The labels ({@link caseLabel}) of the cases to time, for a round; else those outside the rounds. */
  only: readonly string[] | undefined
}

/** Times one contender's cases and writes them to `emitJson`; the exit code. */
export async function timeOneContender(options: ChildOptions): Promise<number> {
  const { mode, contender } = options
  // The same case list as the parent's, so the progress lines carry the run's numbering.
  const contenders = await loadContenders(availableBackends())
  const { only } = options
  const cases = selectCases(buildCases(mode, contenders, new KeyStore()), options.filter).filter((c) =>
    only === undefined ? !timedInRounds(c) : only.includes(caseLabel(c)),
  )
  const run = splitByContender(cases).find((r) => r.contender === contender)
  if (run === undefined) {
    console.error(`--contender ${contender}: no case of this contender in ${mode.name} mode`)
    return 1
  }
  const started = performance.now()
  const { measurements, failures } = runCases(run.cases, mode, (line) => console.log(line), {
    first: run.first,
    total: cases.length,
  })
  const result: ContenderResult = {
    schema: 'chash-bench-contender/1',
    contender,
    measurements,
    failures,
    seconds: (performance.now() - started) / 1000,
  }
  writeFileSync(options.emitJson, `${JSON.stringify(result)}\n`)
  return 0
}
