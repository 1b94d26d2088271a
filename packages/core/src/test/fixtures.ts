/**
 * The shared golden vectors in the repository's fixtures/ folder (see fixtures/README.md). They
 * are JSON imports, which Vite bundles, so the same suites load them in Node and in the browser.
 */
import jump from '../../../../fixtures/jump.json' with { type: 'json' }
import ketama from '../../../../fixtures/ketama.json' with { type: 'json' }
import ketamaPublished from '../../../../fixtures/ketama-published.json' with { type: 'json' }
import memento from '../../../../fixtures/memento.json' with { type: 'json' }
import ring from '../../../../fixtures/ring.json' with { type: 'json' }
import xxhash from '../../../../fixtures/xxhash.json' with { type: 'json' }

const FIXTURES = {
  'jump.json': jump,
  'ketama.json': ketama,
  'ketama-published.json': ketamaPublished,
  'memento.json': memento,
  'ring.json': ring,
  'xxhash.json': xxhash,
}

/** The fixture fixtures/<name>, in the shape `T` (fixture-format.ts declares them). */
export function loadFixture<T>(name: keyof typeof FIXTURES): T {
  return FIXTURES[name] as unknown as T
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
