/** Loads the shared golden vectors in the repository's fixtures/ folder (see fixtures/README.md). */
import { readFileSync } from 'node:fs'

const root = new URL('../../../../fixtures/', import.meta.url)

/** Parses fixtures/<name>. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, root), 'utf8')) as T
}

export interface JumpFixture {
  cases: Array<{ key: string; buckets: number; bucket: number }>
  string_cases: Array<{ text: string; xxh3: string; buckets: number; bucket: number }>
}

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

export interface RingFixture {
  scenarios: RingScenario[]
}
