/**
 * The two short, derived parts of the report: the headline table (every operation at 1,000
 * consumers and 22-byte keys, one column per contender) and the "which backend to pick" advice.
 */
import type { BackendName } from '@chash/core'
import {
  type GroupKey,
  HASHRING,
  type Measurement,
  OPERATION_INFO,
  OPERATIONS,
  ourContender,
  RAW_RUST,
} from '../model.js'
import { HEADLINE } from '../modes.js'
import { formatNs, formatRatio } from './format.js'
import type { Table } from './table.js'

/** A batched key must take less than this share of a single call's time for batching to be advised. */
export const BATCH_PAYS_BELOW = 0.9

/** Whether a group is at the headline size, for the sizes that apply to its operation. */
export function isHeadline(key: GroupKey): boolean {
  return (
    (key.consumers === null || key.consumers === HEADLINE.consumers) &&
    (key.keyLen === null || key.keyLen === HEADLINE.keyLen)
  )
}

/** Every operation at the headline size, one column per contender (blank where it has no such call). */
export function headlineTable(measurements: readonly Measurement[]): Table {
  const at = measurements.filter(isHeadline)
  const names: string[] = []
  for (const m of at) if (!names.includes(m.contender)) names.push(m.contender)
  const rows: string[][] = []
  for (const op of OPERATIONS) {
    const ofOp = at.filter((m) => m.op === op)
    if (ofOp.length === 0) continue
    const info = OPERATION_INFO[op]
    rows.push([
      info.title,
      ...names.map((name) => {
        const m = ofOp.find((x) => x.contender === name)
        return m === undefined ? '' : formatNs(m.ns)
      }),
    ])
  }
  return {
    title: `Time per operation at ${HEADLINE.consumers.toLocaleString('en-US')} consumers and ${HEADLINE.keyLen}-byte keys (lower is better)`,
    columns: [
      { header: 'operation', align: 'left' },
      ...names.map((header) => ({ header, align: 'right' as const })),
    ],
    rows,
    notes: [
      'Batch rows (getConsumerMany, getSlotMany, jumpHashMany) are per key; jump rows use 1,000 buckets; hashring (LRU cache hit) answers repeated keys from its cache.',
    ],
  }
}

function figure(
  measurements: readonly Measurement[],
  op: GroupKey['op'],
  contender: string,
): Measurement | undefined {
  return measurements.find((m) => m.op === op && m.contender === contender && isHeadline(m))
}

/** `native 85.2 ns, wasm 120 ns (1.41× native), js 310 ns (3.64× native)`: backends fastest first. */
function ranking(
  measurements: readonly Measurement[],
  op: GroupKey['op'],
  backends: readonly BackendName[],
): string {
  const figures = backends
    .map((b) => ({ b, m: figure(measurements, op, ourContender(b)) }))
    .filter((x): x is { b: BackendName; m: Measurement } => x.m !== undefined)
    .sort((x, y) => x.m.ns - y.m.ns)
  return figures
    .map(({ b, m }, i) =>
      i === 0
        ? `${b} ${formatNs(m.ns)}`
        : `${b} ${formatNs(m.ns)} (${formatRatio(m.ns / figures[0].m.ns)} ${figures[0].b})`,
    )
    .join(', ')
}

function fastest(
  measurements: readonly Measurement[],
  op: GroupKey['op'],
  backends: readonly BackendName[],
): BackendName | undefined {
  let best: { b: BackendName; ns: number } | undefined
  for (const b of backends) {
    const m = figure(measurements, op, ourContender(b))
    if (m !== undefined && (best === undefined || m.ns < best.ns)) best = { b, ns: m.ns }
  }
  return best?.b
}

/**
 * "Which backend to pick", derived from this run's figures at the headline size: markdown
 * paragraphs for single lookups, batches and browsers.
 */
export function backendAdvice(
  measurements: readonly Measurement[],
  available: readonly BackendName[],
): string[] {
  const size = `${HEADLINE.consumers.toLocaleString('en-US')} consumers, ${HEADLINE.keyLen}-byte keys`
  const missing = (['native', 'wasm', 'js'] as const).filter((b) => !available.includes(b))
  const out: string[] = []
  if (missing.length > 0) {
    out.push(
      `_Not available in this run: ${missing.join(', ')}; the advice below covers only ${available.join(', ')}._`,
    )
  }

  const single = fastest(measurements, 'lookup', available)
  const hashring = figure(measurements, 'lookup', HASHRING)
  if (single !== undefined) {
    const mine = figure(measurements, 'lookup', ourContender(single)) as Measurement
    const vsHashring =
      hashring === undefined ? '' : `, ${formatRatio(hashring.ns / mine.ns)} faster than hashring`
    out.push(
      `**Single lookups** (\`getConsumer\`, ${size}): ${ranking(measurements, 'lookup', available)}. ` +
        `Pick **${single}**${vsHashring}. \`backend: 'auto'\` (the default) takes the first that loads of native, wasm, js.`,
    )
  }

  const batch = fastest(measurements, 'lookup-many', available)
  if (batch !== undefined) {
    // A batched key's time over a single call's, per backend: below 1 batching pays.
    const gains = available
      .map((b) => {
        const one = figure(measurements, 'lookup', ourContender(b))
        const many = figure(measurements, 'lookup-many', ourContender(b))
        return one && many ? { b, ratio: many.ns / one.ns } : undefined
      })
      .filter((g): g is { b: BackendName; ratio: number } => g !== undefined)
    // Below 0.9: a gain larger than the usual noise of these figures.
    const pays = gains.filter((g) => g.ratio < BATCH_PAYS_BELOW).map((g) => g.b)
    const costs = gains.map((g) => `${formatRatio(g.ratio)} on ${g.b}`).join(', ')
    const verdict =
      pays.length === 0
        ? 'In this run batching saves nothing on any backend measured: single calls are as good.'
        : `Batching pays on ${pays.join(' and ')}: with many keys at hand (a request fan-out, a rebalance), pass them in one call.`
    out.push(
      `**Batches** (\`getConsumerMany\` of 16,384 keys, per key): ${ranking(measurements, 'lookup-many', available)}. ` +
        `Pick **${batch}**. Per key, a batch takes ${costs} the time of a single call. ${verdict}`,
    )
  }

  const packed = fastest(measurements, 'lookup-packed', available)
  if (packed !== undefined) {
    const raw = figure(measurements, 'lookup-packed', RAW_RUST)
    const vsRaw = raw === undefined ? '' : ` (raw Rust: ${formatNs(raw.ns)})`
    out.push(
      `**Keys already as bytes** (\`getSlotMany\` of a \`KeyBatch\`: one UTF-8 buffer with offsets, slots into a reused \`Int32Array\`): ${ranking(measurements, 'lookup-packed', available)}${vsRaw}. ` +
        `Pick **${packed}** when keys arrive as bytes (a network frame, a file) or one batch is placed many times: nothing is copied, encoded or allocated per key.`,
    )
  }

  const browser = available.filter((b) => b !== 'native')
  const bestSingle = fastest(measurements, 'lookup', browser)
  const bestBatch = fastest(measurements, 'lookup-many', browser)
  if (bestSingle !== undefined && bestBatch !== undefined) {
    const figures = `single ${ranking(measurements, 'lookup', browser)}; batch ${ranking(measurements, 'lookup-many', browser)}`
    const pick =
      bestSingle === bestBatch
        ? `Pick **${bestSingle}**.`
        : `Pick **${bestSingle}** for single lookups and **${bestBatch}** for batches.`
    const wasmNote = available.includes('wasm')
      ? ''
      : ' The wasm backend was not measured here; the js engine needs nothing to load and places keys exactly as the others.'
    out.push(
      `**Browsers** (no native addon there; figures from Node's V8, browsers differ): ${figures}. ${pick}${wasmNote}`,
    )
  }
  return out
}
