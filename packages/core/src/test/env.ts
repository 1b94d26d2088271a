/**
 * What the suites read from their environment, in Node and in the browser alike: the browser has
 * no `process`, so tests/browser's vitest config hands the variables over (vitest's `test.env`,
 * read here through `import.meta.env`).
 */

/** Whether the suite runs in a browser (tests/browser: vitest's browser mode) rather than in Node. */
export const inBrowser = typeof (globalThis as { process?: unknown }).process === 'undefined'

const browserEnv = (import.meta as ImportMeta & { env?: Record<string, string | undefined> }).env

/** An environment variable: process.env in Node, the variables tests/browser passes in a browser. */
export function testEnv(name: string): string | undefined {
  return inBrowser ? browserEnv?.[name] : process.env[name]
}

/**
 * Whether this is a CI run, by the one rule of scripts/ci.mjs. That module is Node's, so in a
 * browser tests/browser's config applies the rule and passes its answer as `CI` ('true' or 'false').
 */
export const isCI: boolean = inBrowser
  ? testEnv('CI') === 'true'
  : (await import('../../../../scripts/ci.mjs')).isCI()
