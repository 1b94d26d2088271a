/**
 * The list of cases of a run: every operation at every size of the mode, for every contender that
 * can do it. A case prepares its state only when it is about to run, so at most one case's rings
 * are alive at a time.
 */
import type { Contender, Timed } from './contenders.js'
import { BATCH, type KeyStore } from './keys.js'
import {
  type ContenderKind,
  type GroupKey,
  groupLabel,
  HASHRING,
  HASHRING_CACHED,
  OPERATION_INFO,
  type Operation,
} from './model.js'
import { HEADLINE, type Mode } from './modes.js'

/** How many keys the repeated-key case cycles over: all of them fit in hashring's LRU (5,000). */
export const HOT_KEYS = 1000

/** One thing to time. */
export interface BenchCase extends GroupKey {
  /** The name in the tables, e.g. `chash js` or `hashring (LRU cache hit)`. */
  contender: string
  /**
   * The contender whose process times the case: its name (hashring's cache-hit case runs with
   * hashring, whose code it is).
   */
  runsWith: string
  kind: ContenderKind
  note?: string
  /** Keys handled by one call of the timed function (a batch), so figures can be given per key. */
  keysPerCall: number
  /** Builds the state and returns the function to time. */
  prepare(): Timed
}

type Factory = (contender: Contender, store: KeyStore, consumers: number, keyLen: number) => Timed | undefined

// For each operation: what sizes it runs at and how a contender's factory is called.
const FACTORIES: Record<Operation, Factory> = {
  build: (c, _s, n) => c.build?.(n),
  lookup: (c, s, n, len) => c.lookup?.(n, s.strings(len)),
  'lookup-hot': (c, s, n, len) => c.lookup?.(n, s.strings(len).slice(0, HOT_KEYS)),
  replicas3: (c, s, n, len) => c.replicas3?.(n, s.strings(len)),
  'lookup-many': (c, s, n, len) => c.lookupMany?.(n, s.batches(len)),
  'lookup-packed': (c, s, n, len) => c.lookupPacked?.(n, s.packedBatches(len)),
  jump: (c, s, n) => c.jump?.(n, s.jumpKeys()),
  'jump-many': (c, s, n) => c.jumpMany?.(n, s.jumpKeys()),
  'hash-xxh3': (c, s, _n, len) => c.hashXxh3?.(s.strings(len)),
  'hash-xxh64': (c, s, _n, len) => c.hashXxh64?.(s.strings(len)),
  memento: (c, s, n, len) => c.memento?.(n, s.strings(len)),
  'memento-many': (c, s, n, len) => c.mementoMany?.(n, s.packedBatches(len)),
}

// Which factory method an operation needs, to know up front whether a contender takes part.
const METHOD: Record<Operation, keyof Contender> = {
  build: 'build',
  lookup: 'lookup',
  'lookup-hot': 'lookup',
  replicas3: 'replicas3',
  'lookup-many': 'lookupMany',
  'lookup-packed': 'lookupPacked',
  jump: 'jump',
  'jump-many': 'jumpMany',
  'hash-xxh3': 'hashXxh3',
  'hash-xxh64': 'hashXxh64',
  memento: 'memento',
  'memento-many': 'mementoMany',
}

/** The sizes an operation runs at in a mode: [consumers or null, key length or null]. */
export function sizesFor(op: Operation, mode: Mode): Array<[number | null, number | null]> {
  switch (op) {
    case 'build':
    case 'jump':
    case 'jump-many':
      return mode.consumers.map((n) => [n, null])
    case 'lookup-hot':
      return mode.hotConsumers.map((n) => [n, mode.hotKeyLength])
    case 'hash-xxh3':
    case 'hash-xxh64':
      return mode.hashKeyLengths.map((len) => [null, len])
    case 'memento':
    case 'memento-many':
      return [[HEADLINE.consumers, HEADLINE.keyLen]]
    default:
      return mode.consumers.flatMap((n) => mode.keyLengths.map((len): [number, number] => [n, len]))
  }
}

/** Every case of a mode, grouped by operation and size, contenders in the given order. */
export function buildCases(mode: Mode, contenders: readonly Contender[], store: KeyStore): BenchCase[] {
  const cases: BenchCase[] = []
  for (const op of Object.keys(FACTORIES) as Operation[]) {
    for (const [consumers, keyLen] of sizesFor(op, mode)) {
      for (const contender of contenders) {
        if (contender[METHOD[op]] === undefined) continue
        // The repeated-key case exists for hashring's cache: say so in its name.
        const name = op === 'lookup-hot' && contender.name === HASHRING ? HASHRING_CACHED : contender.name
        cases.push({
          op,
          consumers,
          keyLen,
          contender: name,
          runsWith: contender.name,
          kind: contender.kind,
          note: contender.note,
          keysPerCall: OPERATION_INFO[op].per === 'key' ? BATCH : 1,
          prepare() {
            const timed = FACTORIES[op](contender, store, consumers ?? 0, keyLen ?? 0)
            if (timed === undefined) throw new Error(`${contender.name} cannot do ${op}`)
            return timed
          },
        })
      }
    }
  }
  return cases
}

/** The text of a case's progress line, `operation · size · contender`, which --filter matches. */
export function caseLabel(c: GroupKey & { contender: string }): string {
  return `${OPERATION_INFO[c.op].title} · ${groupLabel(c)} · ${c.contender}`
}

/** The cases whose label contains `filter`; all of them without one. */
export function selectCases(cases: BenchCase[], filter: string | undefined): BenchCase[] {
  return filter === undefined ? cases : cases.filter((c) => caseLabel(c).includes(filter))
}
