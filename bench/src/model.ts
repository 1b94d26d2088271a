/**
 * What the benchmark measures and the shape of one figure; shared by the runner, the raw Rust
 * reader and every report, none of which needs to load a contender to use it.
 */

/** The operations, in the order the reports list them. */
export const OPERATIONS = [
  'build',
  'lookup',
  'lookup-hot',
  'replicas3',
  'lookup-many',
  'lookup-packed',
  'jump',
  'jump-many',
  'hash-xxh3',
  'hash-xxh64',
  // MementoHash
  'memento',
  'memento-many',
] as const

/** One operation the benchmark times. */
export type Operation = (typeof OPERATIONS)[number]

/** Who runs a case: one of our backends, an npm peer, or chash_core without bindings. */
export type ContenderKind = 'ours' | 'peer' | 'raw'

/** How each operation is described and what its figures count. */
export interface OperationInfo {
  /** A short title for tables and the chart. */
  title: string
  /** What one timed call does, for the README and the markdown report. */
  description: string
  /** Whether figures are per key of a batch (`key`) or per call (`op`). */
  per: 'op' | 'key'
  /** Whether the operation depends on the number of consumers / buckets. */
  byConsumers: boolean
  /** Whether the operation depends on the key length. */
  byKeyLength: boolean
}

/** The description of every operation. */
export const OPERATION_INFO: Record<Operation, OperationInfo> = {
  build: {
    title: 'build a ring',
    description:
      'create a ring, add N consumers (160 points each) and do one lookup, so lazy builds are paid',
    per: 'op',
    byConsumers: true,
    byKeyLength: false,
  },
  lookup: {
    title: 'getConsumer, cold keys',
    description: 'owner of one string key, cycling over 1,000,000 distinct keys (no cache can hold them)',
    per: 'op',
    byConsumers: true,
    byKeyLength: true,
  },
  'lookup-hot': {
    title: 'getConsumer, 1,000 repeated keys',
    description:
      'owner of one key, cycling over only 1,000 keys: every hashring call is a hit in its LRU cache (5,000 entries)',
    per: 'op',
    byConsumers: true,
    byKeyLength: true,
  },
  replicas3: {
    title: 'getConsumers(key, 3)',
    description: '3 distinct consumers for one key, cold keys (hashring: range(key, 3))',
    per: 'op',
    byConsumers: true,
    byKeyLength: true,
  },
  'lookup-many': {
    title: 'getConsumerMany, per key',
    description: 'owners of 16,384 keys in one call, cold keys; figures are per key',
    per: 'key',
    byConsumers: true,
    byKeyLength: true,
  },
  'lookup-packed': {
    title: 'getSlotMany(KeyBatch), per key',
    description:
      'slots of 16,384 keys given as one UTF-8 buffer with offsets (a KeyBatch), into a reused Int32Array, cold keys; per key. The same work as raw_bench lookup_many',
    per: 'key',
    byConsumers: true,
    byKeyLength: true,
  },
  jump: {
    title: 'jumpHash',
    description: 'jump hash of one 64-bit key (XXH3 of a 22-byte key) into N buckets',
    per: 'op',
    byConsumers: true,
    byKeyLength: false,
  },
  'jump-many': {
    title: 'jumpHashMany, per key',
    description: 'jump hash of a BigUint64Array of 16,384 keys into N buckets; figures are per key',
    per: 'key',
    byConsumers: true,
    byKeyLength: false,
  },
  'hash-xxh3': {
    title: 'xxh3 (key hash alone)',
    description: 'XXH3-64 of one string key, as a bigint',
    per: 'op',
    byConsumers: false,
    byKeyLength: true,
  },
  'hash-xxh64': {
    title: 'xxh64 (key hash alone)',
    description: 'XXH64 of one string key, as a bigint (xxhash-wasm has no XXH3)',
    per: 'op',
    byConsumers: false,
    byKeyLength: true,
  },
  // ---- MementoHash ----
  memento: {
    title: 'MementoHash getBucket vs jumpHash',
    description:
      'bucket of one string key among N buckets, cold keys: MementoHash with 0, 1 or 10 % of the buckets removed, jumpHash(string) (XXH3 then jump) and hashring get on N servers',
    per: 'op',
    byConsumers: true,
    byKeyLength: true,
  },
  'memento-many': {
    title: 'MementoHash getBucketMany vs jumpHashMany, per key',
    description:
      'buckets of 16,384 keys in one call: MementoHash getBucketMany(KeyBatch, out) with 0, 1 or 10 % removed, jumpHashMany of the same string keys (XXH3 then jump), and jumpHashMany of the keys hashed beforehand (the jump alone); per key',
    per: 'key',
    byConsumers: true,
    byKeyLength: true,
  },
  // ---- end MementoHash ----
}

/** The cell of the results a figure belongs to: an operation at one size. */
export interface GroupKey {
  op: Operation
  /** Consumers on the ring, or buckets for jump hash; null where it does not apply. */
  consumers: number | null
  /** Key length in bytes; null where it does not apply. */
  keyLen: number | null
}

/** One timed figure. */
export interface Measurement extends GroupKey {
  /** Who ran it, e.g. `chash native`, `hashring`, `raw Rust`. */
  contender: string
  kind: ContenderKind
  /**
   * Nanoseconds per operation, or per key for batch operations: the median of the samples, which
   * other work on the machine disturbs less than the mean (raw_bench reports medians too).
   */
  ns: number
  /** The mean of the samples, in the same unit; null for raw Rust, which reports only medians. */
  meanNs: number | null
  /** Operations (or keys, for batches) per second, from {@link ns}. */
  perSecond: number
  /** benchmark.js's relative margin of error of the mean at 95 %, in percent; null for raw Rust. */
  rme: number | null
  /** How many timed samples the figure rests on. */
  samples: number
  /** A caveat to print next to the figure. */
  note?: string
  /**
   * For a case timed in rounds (`timedInRounds` in targets.ts): {@link ns} of each round, in
   * the order they ran; the other fields are those of the median round.
   */
  rounds?: number[]
}

/** A stable text id of a group, for maps and sorting. */
export function groupId(key: GroupKey): string {
  return `${key.op}|${key.consumers ?? '-'}|${key.keyLen ?? '-'}`
}

/** A human label of a group's size, e.g. `1000 consumers · 22 B`. */
export function groupLabel(key: GroupKey): string {
  const parts: string[] = []
  if (key.consumers !== null)
    parts.push(
      `${key.consumers} ${key.op.startsWith('jump') || key.op.startsWith('memento') ? 'buckets' : 'consumers'}`,
    )
  if (key.keyLen !== null) parts.push(`${key.keyLen} B keys`)
  return parts.join(' · ')
}

/** Orders groups by operation (report order), then consumers, then key length. */
export function compareGroups(a: GroupKey, b: GroupKey): number {
  return (
    OPERATIONS.indexOf(a.op) - OPERATIONS.indexOf(b.op) ||
    (a.consumers ?? 0) - (b.consumers ?? 0) ||
    (a.keyLen ?? 0) - (b.keyLen ?? 0)
  )
}

/** The measurements split into groups, in report order; contenders keep the order they were measured in. */
export function groupMeasurements(
  measurements: readonly Measurement[],
): Array<{ key: GroupKey; rows: Measurement[] }> {
  const groups = new Map<string, { key: GroupKey; rows: Measurement[] }>()
  for (const m of measurements) {
    const id = groupId(m)
    let group = groups.get(id)
    if (group === undefined) {
      group = { key: { op: m.op, consumers: m.consumers, keyLen: m.keyLen }, rows: [] }
      groups.set(id, group)
    }
    group.rows.push(m)
  }
  return [...groups.values()].sort((a, b) => compareGroups(a.key, b.key))
}

/** The contender names of our backends, e.g. `chash native`. */
export function ourContender(backend: string): string {
  return `chash ${backend}`
}

/** The contender name of the raw Rust figures. */
export const RAW_RUST = 'raw Rust'

/** The contender name of hashring on cold keys. */
export const HASHRING = 'hashring'

/** The contender name of consistent-hash, the fastest npm ring peer on single lookups. */
export const CONSISTENT_HASH = 'consistent-hash'

/** The contender name of hashring answering from its LRU cache. */
export const HASHRING_CACHED = 'hashring (LRU cache hit)'
