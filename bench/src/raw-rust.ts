/**
 * The raw Rust figures: builds and runs chash_core's raw_bench example in this run, so its numbers
 * come from the same machine state as the JavaScript ones, and maps its JSON onto our operations.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sizesFor } from './cases.js'
import { groupId, type Measurement, type Operation, RAW_RUST } from './model.js'
import type { Mode } from './modes.js'

/** One row of raw_bench's output. */
export interface RawRow {
  op: string
  consumers?: number
  key_len?: number
  ns_per_op?: number
  ns_per_key?: number
}

/** raw_bench's JSON document (schema `chash-raw-bench/1`). */
export interface RawBenchDocument {
  schema: string
  mode: string
  rounds: number
  keys_per_round: number
  key_set: number
  batch: number
  vnodes: number
  hash: string
  arch: string
  memory: { consumers: number; points: number; bytes: number; bytes_per_point: number }
  results: RawRow[]
}

/** Why raw_bench gave no figures. */
type RawFailure = { ok: false; reason: string }

/** raw_bench's figures, and how long it ran. */
type RawFigures = { ok: true; document: RawBenchDocument; runSeconds: number }

/** The outcome of running raw_bench. */
export type RawRun = RawFigures | RawFailure

/** The outcome of building raw_bench. */
export type RawBuild = { ok: true; buildSeconds: number } | RawFailure

/** The outcome of building and running raw_bench. */
export type RawOutcome = (RawFigures & { buildSeconds: number }) | RawFailure

/**
 * raw_bench's flag for `lookup` alone at 1,000 consumers and 22-byte keys (about a second), the
 * divisor of the single-call targets: the benchmark takes it again in each of their rounds.
 */
export const HEADLINE_LOOKUP = '--headline-lookup'

/** The repository root (bench/ is one level below it; this file is in bench/src or bench/dist). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

// raw_bench's operation names → ours. Its lookup_many (packed UTF-8 keys in, slots out) is the
// raw cost of both batch operations. replace_one has no JavaScript counterpart; it stays in the JSON.
const OP_NAMES: Record<string, readonly Operation[]> = {
  build: ['build'],
  lookup: ['lookup'],
  replicas3: ['replicas3'],
  lookup_many: ['lookup-many', 'lookup-packed'],
  jump: ['jump'],
  jump_many: ['jump-many'],
  hash_xxh3: ['hash-xxh3'],
  hash_xxh64: ['hash-xxh64'],
}

/** Parses and checks raw_bench's output. */
export function parseRawBench(text: string): RawBenchDocument {
  const doc = JSON.parse(text) as RawBenchDocument
  if (doc.schema !== 'chash-raw-bench/1')
    throw new Error(`unexpected raw_bench schema ${JSON.stringify(doc.schema)}`)
  if (!Array.isArray(doc.results)) throw new Error('raw_bench output has no results array')
  return doc
}

/**
 * raw_bench's rows as measurements, for the operations and sizes this mode measures in JavaScript
 * (raw_bench's quick mode still runs every size; the others stay in the JSON document).
 */
export function rawMeasurements(doc: RawBenchDocument, mode: Mode): Measurement[] {
  const out: Measurement[] = []
  for (const row of doc.results) {
    const ns = row.ns_per_key ?? row.ns_per_op
    if (ns === undefined) continue
    const consumers = row.consumers ?? null
    const keyLen = row.key_len ?? null
    for (const op of OP_NAMES[row.op] ?? []) {
      if (!sizesFor(op, mode).some(([n, len]) => n === consumers && len === keyLen)) continue
      out.push({
        op,
        consumers,
        keyLen,
        contender: RAW_RUST,
        kind: 'raw',
        ns,
        meanNs: null,
        perSecond: 1e9 / ns,
        rme: null,
        samples: doc.rounds,
        note: `chash_core without bindings; median of ${doc.rounds} rounds`,
      })
    }
  }
  return out
}

/**
 * The up-front figures with those timed again in the rounds (`inRounds`, median rounds with every
 * round's time) in their place, so each size has one raw Rust figure.
 */
export function withRoundFigures(
  upFront: readonly Measurement[],
  inRounds: readonly Measurement[],
): Measurement[] {
  const replaced = new Set(inRounds.map(groupId))
  return [...upFront.filter((m) => !replaced.has(groupId(m))), ...inRounds]
}

const CARGO_ARGS = [
  '--release',
  '--manifest-path',
  'crates/Cargo.toml',
  '-p',
  'chash_core',
  '--example',
  'raw_bench',
]

/**
 * Builds raw_bench (cargo's progress goes to stderr) and runs it with `args`. Never throws: a
 * missing cargo or a failed build is an outcome the report shows.
 */
export function runRawBench(args: readonly string[], log: (line: string) => void): RawOutcome {
  const build = buildRawBench(log)
  if (!build.ok) return build
  const run = runBuiltRawBench(args, log)
  return run.ok ? { ...run, buildSeconds: build.buildSeconds } : run
}

/** Builds raw_bench (cargo's progress goes to stderr). Never throws. */
export function buildRawBench(log: (line: string) => void): RawBuild {
  const buildStart = performance.now()
  log('raw Rust: cargo build --release --example raw_bench')
  const build = spawnSync('cargo', ['build', ...CARGO_ARGS], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (build.error) return { ok: false, reason: `cargo could not start (${build.error.message})` }
  if (build.status !== 0) return { ok: false, reason: `cargo build failed (exit ${build.status})` }
  return { ok: true, buildSeconds: (performance.now() - buildStart) / 1000 }
}

/** Runs raw_bench, built by {@link buildRawBench}, with `args`. Never throws. */
export function runBuiltRawBench(args: readonly string[], log: (line: string) => void): RawRun {
  const runStart = performance.now()
  log(`raw Rust: running raw_bench ${args.join(' ')}`.trimEnd())
  const run = spawnSync('cargo', ['run', '--quiet', ...CARGO_ARGS, '--', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  })
  if (run.error) return { ok: false, reason: `raw_bench could not start (${run.error.message})` }
  if (run.status !== 0) return { ok: false, reason: `raw_bench failed (exit ${run.status})` }
  try {
    return {
      ok: true,
      document: parseRawBench(run.stdout),
      runSeconds: (performance.now() - runStart) / 1000,
    }
  } catch (error) {
    return { ok: false, reason: `raw_bench printed unreadable output: ${(error as Error).message}` }
  }
}
