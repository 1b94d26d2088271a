/**
 * The targets of the issue, checked against a run's figures. Each is a ratio between two
 * contenders on one operation, checked at every size both were measured at; a target is met when
 * it holds at all of them. The size a target is fixed at, else the headline size (1,000
 * consumers, 22-byte keys), is quoted first.
 */

import { ketamaContenderName } from './ketama-contenders.js'
import {
  CONSISTENT_HASH,
  type GroupKey,
  groupLabel,
  HASHRING,
  type Measurement,
  type Operation,
  ourContender,
  RAW_RUST,
} from './model.js'
import { HEADLINE } from './modes.js'
import { formatRatio } from './report/format.js'
import { median } from './runner.js'

/** A target's verdict. */
export type TargetStatus = 'met' | 'missed' | 'not available'

/** One target as the issue states it. */
export interface TargetDefinition {
  id: string
  /** The target in words. */
  text: string
  op: Operation
  /** The contender the target is about. */
  subject: string
  /** The contender it is compared with (on the same operation and size). */
  reference: string
  /**
   * `slower-by-at-most`: subject time ÷ reference time must be ≤ limit.
   * `faster-by-at-least`: reference time ÷ subject time must be ≥ limit.
   */
  rule: 'slower-by-at-most' | 'faster-by-at-least'
  limit: number
  /** Checked at this key length only (default: every size both contenders were measured at). */
  keyLen?: number
  /** Checked at this ring size only (default: every size). */
  consumers?: number
}

/** The targets, in the order. */
export const TARGETS: readonly TargetDefinition[] = [
  {
    id: 'native-batch-vs-raw',
    text: 'native batch (getSlotMany of a KeyBatch) within 1.2× of raw Rust per key',
    op: 'lookup-packed',
    subject: ourContender('native'),
    reference: RAW_RUST,
    rule: 'slower-by-at-most',
    limit: 1.2,
  },
  {
    id: 'native-vs-hashring',
    text: 'native single getConsumer at least 10× faster than hashring (cold keys)',
    op: 'lookup',
    subject: ourContender('native'),
    reference: HASHRING,
    rule: 'faster-by-at-least',
    limit: 10,
  },
  {
    id: 'wasm-vs-native-single',
    text: 'wasm single getConsumer within 1.5× of native',
    op: 'lookup',
    subject: ourContender('wasm'),
    reference: ourContender('native'),
    rule: 'slower-by-at-most',
    limit: 1.5,
  },
  {
    id: 'wasm-vs-native-batch',
    text: 'wasm batch within 2× of native batch',
    op: 'lookup-many',
    subject: ourContender('wasm'),
    reference: ourContender('native'),
    rule: 'slower-by-at-most',
    limit: 2,
  },
  {
    id: 'js-vs-hashring',
    text: 'js single getConsumer at least 5× faster than hashring (cold keys)',
    op: 'lookup',
    subject: ourContender('js'),
    reference: HASHRING,
    rule: 'faster-by-at-least',
    limit: 5,
  },
  {
    id: 'js-vs-native-batch',
    text: 'js batch within 4× of native batch per key',
    op: 'lookup-many',
    subject: ourContender('js'),
    reference: ourContender('native'),
    rule: 'slower-by-at-most',
    limit: 4,
  },
  {
    id: 'ketama-js-vs-hashring',
    text: "KetamaRing({ compat: 'hashring' }) js getConsumer at least 5× faster than hashring (cold keys)",
    op: 'lookup',
    subject: ketamaContenderName('js'),
    reference: HASHRING,
    rule: 'faster-by-at-least',
    limit: 5,
  },
  {
    id: 'ketama-native-vs-hashring',
    text: "KetamaRing({ compat: 'hashring' }) native getConsumer at least 10× faster than hashring (cold keys)",
    op: 'lookup',
    subject: ketamaContenderName('native'),
    reference: HASHRING,
    rule: 'faster-by-at-least',
    limit: 10,
  },
]

// ---- single lookups of every backend ----
/** The most a single getConsumer (22-byte keys) may take over raw Rust's `lookup`, per backend. */
const SINGLE_VS_RAW = { native: 5.5, wasm: 5, js: 7 } as const

/**
 * Single getConsumer with 22-byte keys on 1,000 consumers (the size): native within 5.5×,
 * wasm within 5× and js within 7× of raw Rust's `lookup`; each at least 1.6× faster than
 * consistent-hash.
 */
export const SINGLE_TARGETS: readonly TargetDefinition[] = (['native', 'wasm', 'js'] as const).flatMap(
  (backend): TargetDefinition[] => [
    {
      id: `${backend}-single-vs-raw`,
      text: `${backend} single getConsumer (1,000 consumers, 22-byte keys) within ${SINGLE_VS_RAW[backend]}× of raw Rust's lookup`,
      op: 'lookup',
      subject: ourContender(backend),
      reference: RAW_RUST,
      rule: 'slower-by-at-most',
      limit: SINGLE_VS_RAW[backend],
      keyLen: 22,
      consumers: 1000,
    },
    {
      id: `${backend}-vs-consistent-hash`,
      text: `${backend} single getConsumer (1,000 consumers, 22-byte keys) at least 1.6× faster than consistent-hash`,
      op: 'lookup',
      subject: ourContender(backend),
      reference: CONSISTENT_HASH,
      rule: 'faster-by-at-least',
      limit: 1.6,
      keyLen: 22,
      consumers: 1000,
    },
  ],
)

/** The size of the 100-byte targets: the ring size with 100-byte keys. */
const LONG_KEYS = { consumers: 1000, keyLen: 100 } as const

/**
 * With 100-byte keys on 1,000 consumers: wasm single within 1.5× of native, wasm batch within 2×,
 * js batch within 4×. These are {@link TARGETS} (same limits) at that one size, quoted on their own
 * and timed in rounds like the 22-byte single calls.
 */
export const LONG_KEY_TARGETS: readonly TargetDefinition[] = (
  ['wasm-vs-native-single', 'wasm-vs-native-batch', 'js-vs-native-batch'] as const
).map((id): TargetDefinition => {
  const def = TARGETS.find((t) => t.id === id)
  if (def === undefined) throw new Error(`no target ${id}`)
  return {
    ...def,
    id: `${id}-100b`,
    text: `${def.text} (1,000 consumers, 100-byte keys)`,
    ...LONG_KEYS,
  }
})

/** The targets whose figures are timed in rounds. */
const ROUND_TARGETS: readonly TargetDefinition[] = [...SINGLE_TARGETS, ...LONG_KEY_TARGETS]

/**
 * Whether a case is one of the figures of {@link ROUND_TARGETS}
 * (subject or reference, not raw Rust's, which raw_bench times at the start of each round:
 * cli.ts): these are timed in rounds (Mode.rounds) and compared round by round, since a cold
 * lookup measured moves by up to 2× between runs a minute apart on a shared machine
 * (bench/README.md § The single-call targets on a quiet machine).
 */
export function timedInRounds(c: GroupKey & { contender: string }): boolean {
  return ROUND_TARGETS.some(
    (def) =>
      c.op === def.op &&
      c.consumers === def.consumers &&
      c.keyLen === def.keyLen &&
      (c.contender === def.subject || c.contender === def.reference) &&
      c.contender !== RAW_RUST,
  )
}

// ---- end single lookups ----

// ---- MementoHash ----
import { jumpBaseline, mementoContender, REMOVED_PERCENT } from './memento-contenders.js'

const BACKENDS = ['native', 'wasm', 'js'] as const

/** MementoHash with up to 10 % removed within 1.5× of jumpHash, single and batch, per backend; js ≥ 5× hashring. */
export const MEMENTO_TARGETS: readonly TargetDefinition[] = [
  ...BACKENDS.flatMap((backend) =>
    REMOVED_PERCENT.flatMap((percent) =>
      (['memento', 'memento-many'] as const).map(
        (op): TargetDefinition => ({
          id: `memento-${backend}-${percent}-${op === 'memento' ? 'single' : 'batch'}`,
          text: `${backend} MementoHash ${op === 'memento' ? 'getBucket' : 'getBucketMany'} with ${percent} % removed within 1.5× of jumpHash`,
          op,
          subject: mementoContender(backend, percent),
          reference: jumpBaseline(backend),
          rule: 'slower-by-at-most',
          limit: 1.5,
        }),
      ),
    ),
  ),
  {
    id: 'memento-js-vs-hashring',
    text: 'js MementoHash getBucket (10 % removed) at least 5× faster than hashring get (cold keys)',
    op: 'memento',
    subject: mementoContender('js', 10),
    reference: HASHRING,
    rule: 'faster-by-at-least',
    limit: 5,
  },
]
// ---- end MementoHash ----

/** The ratio at one size. */
export interface TargetCheck {
  consumers: number | null
  keyLen: number | null
  /**
   * subject ÷ reference time (`slower-by-at-most`) or reference ÷ subject time
   * (`faster-by-at-least`); when both were timed in the same rounds, the median of the rounds' ratios.
   */
  ratio: number
  /** The ratio of each round, when both were timed in rounds. */
  roundRatios?: number[]
  met: boolean
}

/** A target's verdict with the figures behind it. */
export interface TargetResult extends TargetDefinition {
  status: TargetStatus
  checks: TargetCheck[]
  /** One line: the quoted size's ratio, the worst one and how many sizes met it, or what is missing. */
  summary: string
}

function ratioOf(def: TargetDefinition, subject: number, reference: number): number {
  return def.rule === 'slower-by-at-most' ? subject / reference : reference / subject
}

/**
 * The ratio of two figures: round by round when both were timed in the same rounds (the median of
 * those ratios, so that each compares contenders timed seconds apart), else of their times.
 */
function compare(
  def: TargetDefinition,
  subject: Measurement,
  reference: Measurement,
): Pick<TargetCheck, 'ratio' | 'roundRatios'> {
  const a = subject.rounds
  const b = reference.rounds
  if (a === undefined || b === undefined || a.length !== b.length)
    return { ratio: ratioOf(def, subject.ns, reference.ns) }
  const roundRatios = a.map((ns, i) => ratioOf(def, ns, b[i]))
  return { ratio: median(roundRatios), roundRatios }
}

function holds(def: TargetDefinition, ratio: number): boolean {
  return def.rule === 'slower-by-at-most' ? ratio <= def.limit : ratio >= def.limit
}

/** A ratio as {@link formatRatio} does, with a third decimal where that would round it onto the limit (1.501 vs ≤ 1.50). */
export function formatTargetRatio(ratio: number, limit: number): string {
  return formatRatio(ratio) === formatRatio(limit) && ratio !== limit
    ? `${ratio.toFixed(3)}×`
    : formatRatio(ratio)
}

/** `≤ 1.2×` or `≥ 10×`. */
export function limitText(def: TargetDefinition): string {
  return `${def.rule === 'slower-by-at-most' ? '≤' : '≥'} ${formatRatio(def.limit)}`
}

/** Checks one target against the measurements. */
export function checkTarget(def: TargetDefinition, measurements: readonly Measurement[]): TargetResult {
  const ofOp = measurements.filter(
    (m) =>
      m.op === def.op &&
      (def.keyLen === undefined || m.keyLen === def.keyLen) &&
      (def.consumers === undefined || m.consumers === def.consumers),
  )
  const missing = [def.subject, def.reference].filter((name) => !ofOp.some((m) => m.contender === name))
  if (missing.length > 0) {
    return {
      ...def,
      status: 'not available',
      checks: [],
      summary: `not available: no figures for ${missing.join(' and ')}`,
    }
  }
  const checks: TargetCheck[] = []
  for (const subject of ofOp.filter((m) => m.contender === def.subject)) {
    const reference = ofOp.find(
      (m) =>
        m.contender === def.reference && m.consumers === subject.consumers && m.keyLen === subject.keyLen,
    )
    if (reference === undefined) continue
    const { ratio, roundRatios } = compare(def, subject, reference)
    checks.push({
      consumers: subject.consumers,
      keyLen: subject.keyLen,
      ratio,
      ...(roundRatios === undefined ? {} : { roundRatios }),
      met: holds(def, ratio),
    })
  }
  if (checks.length === 0) {
    return { ...def, status: 'not available', checks, summary: 'not available: no size has figures for both' }
  }
  const worst = checks.reduce((a, b) =>
    (def.rule === 'slower-by-at-most' ? b.ratio > a.ratio : b.ratio < a.ratio) ? b : a,
  )
  // Quoted first: the size the target is fixed at, else the headline size.
  const quoted = checks.find(
    (c) =>
      c.consumers === (def.consumers ?? HEADLINE.consumers) && c.keyLen === (def.keyLen ?? HEADLINE.keyLen),
  )
  const metCount = checks.filter((c) => c.met).length
  const at = (c: TargetCheck) => groupLabel({ op: def.op, consumers: c.consumers, keyLen: c.keyLen })
  const parts: string[] = []
  if (quoted !== undefined) parts.push(`${formatTargetRatio(quoted.ratio, def.limit)} at ${at(quoted)}`)
  const rounds = quoted?.roundRatios
  if (rounds !== undefined)
    parts.push(
      `median of ${rounds.length} rounds (${formatRatio(Math.min(...rounds))}–${formatRatio(Math.max(...rounds))})`,
    )
  if (quoted === undefined || worst !== quoted)
    parts.push(`worst ${formatTargetRatio(worst.ratio, def.limit)} at ${at(worst)}`)
  parts.push(`limit ${limitText(def)}; held at ${metCount} of ${checks.length} sizes`)
  return { ...def, status: metCount === checks.length ? 'met' : 'missed', checks, summary: parts.join('; ') }
}

/** Checks every target. */
export function checkTargets(measurements: readonly Measurement[]): TargetResult[] {
  return [...TARGETS, ...ROUND_TARGETS, ...MEMENTO_TARGETS].map((def) => checkTarget(def, measurements))
}
