/** Loads the shared golden vectors in the repository's fixtures/ folder (see fixtures/README.md). */
import { readFileSync } from 'node:fs'

const root = new URL('../../../../fixtures/', import.meta.url)

/** Parses fixtures/<name>. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, root), 'utf8')) as T
}

export type {
  JumpFixture,
  MementoFixture,
  MementoStep,
  RingFixture,
  RingScenario,
  XxhashCase,
  XxhashFixture,
} from './fixture-format.js'
export { patternBytes } from './fixture-format.js'
