/**
 * Reading snapshots (`toJSON` of every ring type): each reader checks one field and throws a
 * TypeError / RangeError whose message starts with the field's path (`snapshot.removed[3]`), so a
 * corrupted, truncated or future-version snapshot says what is wrong. Restoring builds a new
 * object and only returns it when every field was applied, so no half-built ring escapes.
 */
import type { HashName } from './backend/types.js'
import { rangeError, typeError, withCode } from './errors.js'
import { MAX_U64 } from './limits.js'
import { describe } from './validate.js'

/** The snapshot version this release writes and reads. */
export const SNAPSHOT_VERSION = 1

/** Fields every snapshot starts with. */
export interface SnapshotHeader<Kind extends string> {
  /** What the snapshot holds. */
  kind: Kind
  /** The format version ({@link SNAPSHOT_VERSION}). */
  version: number
  /** The key hash. */
  hash: HashName
  /** The 64-bit seed as a decimal string (JSON numbers lose precision above 2^53). */
  seed: string
}

/** `snapshot` as a plain object of the expected `kind` and version, with its hash and seed. */
export function readHeader(
  snapshot: unknown,
  kind: string,
  fields: readonly string[],
): { record: Record<string, unknown>; hash: HashName; seed: bigint } {
  const record = readObject(snapshot, 'snapshot')
  if (record.kind !== kind)
    throw typeError(`snapshot.kind must be ${JSON.stringify(kind)}, got ${describe(record.kind)}`)
  const version = record.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw typeError(`snapshot.version must be a positive integer, got ${describe(version)}`)
  if (version > SNAPSHOT_VERSION)
    throw rangeError(
      `snapshot.version ${version} is newer than this release reads (${SNAPSHOT_VERSION}); upgrade @chash/core`,
    )
  for (const field of ['kind', 'version', 'hash', 'seed', ...fields])
    if (!(field in record)) throw typeError(`snapshot.${field} is missing (a truncated snapshot?)`)
  for (const field of Object.keys(record))
    if (!['kind', 'version', 'hash', 'seed', ...fields].includes(field))
      throw typeError(`snapshot has an unknown field ${describe(field)}`)
  const hash = record.hash
  if (hash !== 'xxh3' && hash !== 'xxh64')
    throw rangeError(`snapshot.hash must be 'xxh3' or 'xxh64', got ${describe(hash)}`)
  const seedText = record.seed
  if (typeof seedText !== 'string' || !/^(0|[1-9][0-9]*)$/.test(seedText) || BigInt(seedText) > MAX_U64)
    throw typeError(
      `snapshot.seed must be a decimal string of an integer in 0..2^64-1, got ${describe(seedText)}`,
    )
  return { record, hash, seed: BigInt(seedText) }
}

/** `value` as a plain object (not null, not an array). */
export function readObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw typeError(`${path} must be an object, got ${describe(value)}`)
  return value as Record<string, unknown>
}

/** `value` as an array. */
export function readArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw typeError(`${path} must be an array, got ${describe(value)}`)
  return value
}

/** Runs `apply`, prefixing the message of an error it throws with `path` (the snapshot field). */
export function atPath<T>(path: string, apply: () => T): T {
  try {
    return apply()
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error
    const message = `${path}: ${error.message}`
    const wrapped = error instanceof TypeError ? typeError(message) : rangeError(message)
    // A bad field is a bad snapshot; a refusal (memory, a limit) keeps its own code.
    const code = (error as { code?: unknown }).code
    throw code === 'ERR_CHASH_OUT_OF_MEMORY' || code === 'ERR_CHASH_LIMIT_EXCEEDED'
      ? withCode(wrapped, code)
      : wrapped
  }
}
