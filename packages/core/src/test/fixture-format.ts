/**
 * The shape of the shared golden vectors in the repository's fixtures/ folder (fixtures/README.md
 * describes them) and their one input rule. No Node imports: the browser runs the suites too.
 */

/** One case of fixtures/xxhash.json: hashes of a text's UTF-8 or of a pattern of `len` bytes. */
export interface XxhashCase {
  name: string
  text?: string
  len: number
  xxh3: string
  xxh3_seeded: string
  xxh64: string
  xxh64_seeded: string
}

/** fixtures/xxhash.json */
export interface XxhashFixture {
  seed: string
  cases: XxhashCase[]
}

/** fixtures/jump.json */
export interface JumpFixture {
  cases: Array<{ key: string; buckets: number; bucket: number }>
  string_cases: Array<{ text: string; xxh3: string; buckets: number; bucket: number }>
}

/** One scenario of fixtures/ring.json. */
export interface RingScenario {
  name: string
  hash: 'xxh3' | 'xxh64'
  seed: string
  vnodes: number
  consumers: Array<{ id: string; weight: number }>
  lookups: Array<{ key: string; owner: string | null; replicas3: string[]; replicas10?: string[] }>
  points: Array<{ position: string; id: string; index: number }>
  point_count: number
}

/** fixtures/ring.json */
export interface RingFixture {
  scenarios: RingScenario[]
}

/** One step of a fixtures/memento.json scenario. */
export type MementoStep = { remove: number; size: number } | { add: number; size: number } | { check: string }

/** fixtures/memento.json: the authors' MementoEngine (xxh64, seed 0). */
export interface MementoFixture {
  reference: { repository: string; commit: string }
  hash: 'xxh64'
  seed: string
  extra_keys: string[]
  scenarios: Array<{ name: string; buckets: number; key_count: number; steps: MementoStep[] }>
}

/** The input of an xxhash.json case without a text: byte i is (i·31 + 7) mod 256. */
export function patternBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) & 0xff
  return bytes
}
